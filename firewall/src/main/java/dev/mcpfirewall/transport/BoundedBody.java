package dev.mcpfirewall.transport;

import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/** Reads a request body, refusing it as soon as it grows past the limit. */
final class BoundedBody {
  private BoundedBody() {}

  static Future<Buffer> read(HttpServerRequest request, int limit) {
    String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared != null) {
      try {
        if (Long.parseLong(declared.trim()) > limit) {
          return Future.failedFuture(tooLarge(limit));
        }
      } catch (NumberFormatException e) {
        return Future.failedFuture(
            new FirewallFailure(FailureKind.INVALID_REQUEST, "Content-Length is not a number"));
      }
    }
    Promise<Buffer> promise = Promise.promise();
    Buffer body = Buffer.buffer(declared != null ? Integer.parseInt(declared.trim()) : 1024);
    request.handler(
        chunk -> {
          if (body.length() + chunk.length() > limit) {
            request.handler(null);
            promise.tryFail(tooLarge(limit));
          } else {
            body.appendBuffer(chunk);
          }
        });
    request.endHandler(v -> promise.tryComplete(body));
    request.exceptionHandler(promise::tryFail);
    return promise.future();
  }

  private static FirewallFailure tooLarge(int limit) {
    return new FirewallFailure(
        FailureKind.BODY_TOO_LARGE,
        "request body larger than the limit of " + limit + " bytes (limits.maxBodyBytes)");
  }
}

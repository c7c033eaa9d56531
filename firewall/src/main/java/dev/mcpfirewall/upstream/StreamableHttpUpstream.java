package dev.mcpfirewall.upstream;

import dev.mcpfirewall.config.UpstreamConfig;
import dev.mcpfirewall.jsonrpc.JsonRpcCodec;
import dev.mcpfirewall.jsonrpc.JsonRpcException;
import dev.mcpfirewall.jsonrpc.JsonRpcMessage;
import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;

/**
 * An upstream that speaks MCP Streamable HTTP. Each agent session gets its own upstream session;
 * the firewall sends its own credentials (configured headers), never the agent's.
 */
public final class StreamableHttpUpstream implements UpstreamTransport {
  static final String SESSION_HEADER = "Mcp-Session-Id";
  static final String PROTOCOL_HEADER = "MCP-Protocol-Version";
  static final String LAST_EVENT_ID = "Last-Event-ID";
  private static final String ACCEPT_BOTH = "application/json, text/event-stream";

  private final Vertx vertx;
  private final EventLoopClients clients;
  private final UpstreamConfig config;
  private final URI url;
  private final JsonRpcCodec codec;
  private final int maxEventBytes;

  public StreamableHttpUpstream(
      Vertx vertx,
      EventLoopClients clients,
      UpstreamConfig config,
      JsonRpcCodec codec,
      int maxEventBytes) {
    this.vertx = vertx;
    this.clients = clients;
    this.config = config;
    this.url = config.url().orElseThrow();
    this.codec = codec;
    this.maxEventBytes = maxEventBytes;
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public Future<UpstreamConnection> connect() {
    return Future.succeededFuture(new Connection());
  }

  @Override
  public Future<Void> shutdown() {
    return Future.succeededFuture();
  }

  private RequestOptions options(HttpMethod method, String sessionId, String protocolVersion) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(method)
            .setAbsoluteURI(url.toString())
            .setConnectTimeout(config.timeouts().connect().toMillis());
    MultiMap headers = options.getHeaders();
    if (headers == null) {
      headers = MultiMap.caseInsensitiveMultiMap();
      options.setHeaders(headers);
    }
    config.headers().forEach(headers::set);
    if (sessionId != null) {
      headers.set(SESSION_HEADER, sessionId);
    }
    if (protocolVersion != null) {
      headers.set(PROTOCOL_HEADER, protocolVersion);
    }
    return options;
  }

  private FirewallFailure transportFailure(Throwable cause) {
    return UpstreamFailures.transport(name(), url, cause);
  }

  private FirewallFailure protocolFailure(String what) {
    return UpstreamFailures.protocol(name(), what);
  }

  private static boolean isEventStream(HttpClientResponse response) {
    String type = response.getHeader(HttpHeaders.CONTENT_TYPE);
    return type != null && type.regionMatches(true, 0, "text/event-stream", 0, 17);
  }

  private static boolean isJson(HttpClientResponse response) {
    String type = response.getHeader(HttpHeaders.CONTENT_TYPE);
    return type != null && type.regionMatches(true, 0, "application/json", 0, 16);
  }

  private MessageStream eventStream(HttpClientResponse response) {
    MessageStream stream = new MessageStream(vertx.getOrCreateContext());
    SseParser parser =
        new SseParser(
            maxEventBytes,
            event -> {
              if (event.data() == null || event.data().isBlank()) {
                stream.push(new UpstreamEvent(event.id(), null, event.retry()));
                return;
              }
              JsonRpcMessage message =
                  codec.parse(io.vertx.core.buffer.Buffer.buffer(event.data()));
              stream.push(new UpstreamEvent(event.id(), message, event.retry()));
            });
    stream.producer(response::pause, response::resume, () -> response.request().reset());
    response.handler(
        chunk -> {
          try {
            parser.feed(chunk);
          } catch (JsonRpcException | IllegalStateException e) {
            stream.fail(protocolFailure("sent an invalid event: " + e.getMessage()));
            response.request().reset();
          }
        });
    response.exceptionHandler(e -> stream.fail(transportFailure(e)));
    response.endHandler(v -> stream.end());
    return stream;
  }

  /** One upstream session. */
  private final class Connection implements UpstreamConnection {
    private volatile String sessionId;
    private volatile String protocolVersion;

    @Override
    public Future<UpstreamReply> send(JsonRpcMessage message) {
      RequestOptions options =
          options(HttpMethod.POST, sessionId, protocolVersion)
              .setIdleTimeout(config.timeouts().request().toMillis());
      options.getHeaders().set(HttpHeaders.CONTENT_TYPE, "application/json");
      options.getHeaders().set(HttpHeaders.ACCEPT, ACCEPT_BOTH);
      boolean initialize = "initialize".equals(message.method());
      return clients
          .current()
          .request(options)
          .compose(request -> request.send(message.encoded()))
          .recover(e -> Future.failedFuture(transportFailure(e)))
          .compose(response -> reply(response, initialize));
    }

    private Future<UpstreamReply> reply(HttpClientResponse response, boolean initialize) {
      int status = response.statusCode();
      if (initialize && status / 100 == 2) {
        sessionId = response.getHeader(SESSION_HEADER);
      }
      if (status == 404 && sessionId != null && !initialize) {
        response.request().reset();
        return Future.failedFuture(
            new FirewallFailure(
                FailureKind.UPSTREAM_SESSION_EXPIRED,
                "upstream '" + name() + "' ended the session; initialize a new one",
                name()));
      }
      if (status / 100 == 2 && isEventStream(response)) {
        MessageStream stream = eventStream(response);
        if (initialize) {
          stream = watchInitialize(stream);
        }
        return Future.succeededFuture(new UpstreamReply.Streamed(stream, false));
      }
      return response
          .body()
          .recover(e -> Future.failedFuture(transportFailure(e)))
          .compose(
              body -> {
                if (status / 100 == 2 && body.length() == 0) {
                  return Future.succeededFuture(new UpstreamReply.Accepted());
                }
                if (!isJson(response)) {
                  return Future.failedFuture(
                      protocolFailure(
                          "answered HTTP "
                              + status
                              + " with content type '"
                              + response.getHeader(HttpHeaders.CONTENT_TYPE)
                              + "'"));
                }
                JsonRpcMessage reply;
                try {
                  reply = codec.parse(body);
                } catch (JsonRpcException e) {
                  return Future.failedFuture(
                      protocolFailure(
                          "answered HTTP "
                              + status
                              + " with an invalid message: "
                              + e.getMessage()));
                }
                if (initialize) {
                  noteProtocolVersion(reply);
                }
                return Future.succeededFuture(new UpstreamReply.Single(status, reply));
              });
    }

    private MessageStream watchInitialize(MessageStream upstream) {
      MessageStream watched = new MessageStream(vertx.getOrCreateContext());
      watched.producer(upstream::pause, upstream::resume, upstream::cancel);
      upstream.handler(
          event -> {
            if (event.message() != null && event.message().isResponse()) {
              noteProtocolVersion(event.message());
            }
            watched.push(event);
          });
      upstream.endHandler(v -> watched.end());
      upstream.exceptionHandler(watched::fail);
      return watched;
    }

    private void noteProtocolVersion(JsonRpcMessage response) {
      Object result = response.json().getValue("result");
      if (result instanceof io.vertx.core.json.JsonObject r
          && r.getValue("protocolVersion") instanceof String version) {
        protocolVersion = version;
      }
    }

    @Override
    public Future<MessageStream> listen(String lastEventId) {
      RequestOptions options = options(HttpMethod.GET, sessionId, protocolVersion);
      options.getHeaders().set(HttpHeaders.ACCEPT, "text/event-stream");
      if (lastEventId != null) {
        options.getHeaders().set(LAST_EVENT_ID, lastEventId);
      }
      return clients
          .current()
          .request(options)
          .compose(request -> request.send())
          .recover(e -> Future.failedFuture(transportFailure(e)))
          .compose(
              response -> {
                if (response.statusCode() == 200 && isEventStream(response)) {
                  return Future.succeededFuture(eventStream(response));
                }
                response.request().reset();
                if (response.statusCode() == 405) {
                  return Future.failedFuture(
                      new FirewallFailure(
                          FailureKind.METHOD_NOT_ALLOWED,
                          "upstream '" + name() + "' offers no server-initiated stream",
                          name()));
                }
                if (response.statusCode() == 404 && sessionId != null) {
                  return Future.failedFuture(
                      new FirewallFailure(
                          FailureKind.UPSTREAM_SESSION_EXPIRED,
                          "upstream '" + name() + "' ended the session; initialize a new one",
                          name()));
                }
                return Future.failedFuture(
                    protocolFailure(
                        "answered its event stream request with HTTP " + response.statusCode()));
              });
    }

    @Override
    public Future<Void> close() {
      if (sessionId == null) {
        return Future.succeededFuture();
      }
      RequestOptions options = options(HttpMethod.DELETE, sessionId, protocolVersion);
      sessionId = null;
      return clients
          .current()
          .request(options)
          .compose(request -> request.send())
          .compose(response -> response.body())
          .<Void>mapEmpty()
          .recover(e -> Future.succeededFuture());
    }
  }
}

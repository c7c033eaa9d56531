package dev.mcpfirewall.transport;

import dev.mcpfirewall.auth.Credentials;
import dev.mcpfirewall.auth.Principal;
import dev.mcpfirewall.config.FirewallConfig;
import dev.mcpfirewall.jsonrpc.JsonRpcCodec;
import dev.mcpfirewall.jsonrpc.JsonRpcError;
import dev.mcpfirewall.jsonrpc.JsonRpcException;
import dev.mcpfirewall.jsonrpc.JsonRpcMessage;
import dev.mcpfirewall.pipeline.Exchange;
import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import dev.mcpfirewall.pipeline.Pipeline;
import dev.mcpfirewall.pipeline.ResponsePipeline;
import dev.mcpfirewall.session.AgentSession;
import dev.mcpfirewall.session.SessionBinding;
import dev.mcpfirewall.session.SessionRegistry;
import dev.mcpfirewall.upstream.UpstreamTransport;
import dev.mcpfirewall.upstream.Upstreams;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The agent-facing MCP Streamable HTTP endpoint, {@code /mcp/{upstream}}: POST carries one JSON-RPC
 * message, GET opens the server-initiated stream, DELETE ends the session. It parses each message
 * once, runs the pipeline, and forwards the original bytes.
 */
public final class McpEndpoint implements Handler<RoutingContext> {
  private final Upstreams upstreams;
  private final Credentials credentials;
  private final SessionRegistry sessions;
  private final SessionBinding binding;
  private final Pipeline pipeline;
  private final TransportGuard guard;
  private final JsonRpcCodec codec;
  private final AgentReplyWriter writer;
  private final int maxBodyBytes;
  private final List<String> protocolVersions;
  private final RefusalObserver refusals;

  /**
   * Told about every exchange the endpoint refuses or fails (authentication, transport, pipeline
   * refusals, upstream failures): the audit phase that runs whatever failed before it.
   */
  public interface RefusalObserver {
    /**
     * @param exchange the exchange when one was built (its decisions name the refusing stage), or
     *     null when the request failed before (authentication, transport, parsing)
     */
    void refused(HttpServerRequest request, Exchange exchange, Throwable failure);

    RefusalObserver NONE = (request, exchange, failure) -> {};
  }

  public McpEndpoint(
      FirewallConfig config,
      Upstreams upstreams,
      Credentials credentials,
      SessionRegistry sessions,
      SessionBinding binding,
      Pipeline pipeline,
      ResponsePipeline responses) {
    this(
        config,
        upstreams,
        credentials,
        sessions,
        binding,
        pipeline,
        responses,
        RefusalObserver.NONE);
  }

  public McpEndpoint(
      FirewallConfig config,
      Upstreams upstreams,
      Credentials credentials,
      SessionRegistry sessions,
      SessionBinding binding,
      Pipeline pipeline,
      ResponsePipeline responses,
      RefusalObserver refusals) {
    this.refusals = refusals;
    this.upstreams = upstreams;
    this.credentials = credentials;
    this.sessions = sessions;
    this.binding = binding;
    this.pipeline = pipeline;
    this.guard = new TransportGuard(config.listen());
    this.codec = new JsonRpcCodec(config.limits().maxJsonDepth());
    this.writer = new AgentReplyWriter(responses);
    this.maxBodyBytes = config.limits().maxBodyBytes();
    this.protocolVersions = config.protocolVersions();
  }

  @Override
  public void handle(RoutingContext rc) {
    HttpServerRequest request = rc.request();
    HttpServerResponse response = rc.response();
    try {
      guard.checkOrigin(request);
    } catch (FirewallFailure failure) {
      fail(request, response, failure, null);
      return;
    }
    // Authentication comes before anything else is looked at (upstream names, sessions, bodies):
    // a caller without a valid credential learns nothing and costs nothing.
    request.pause();
    credentials
        .verify(request.getHeader(HttpHeaders.AUTHORIZATION), remoteAddress(request))
        .onFailure(e -> fail(request, response, e, null))
        .onSuccess(
            principal -> {
              request.resume();
              try {
                route(rc, principal);
              } catch (FirewallFailure failure) {
                fail(request, response, failure, null);
              }
            });
  }

  private void route(RoutingContext rc, Principal principal) {
    HttpServerRequest request = rc.request();
    HttpServerResponse response = rc.response();
    UpstreamTransport upstream = upstreams.get(rc.pathParam("upstream"));
    if (upstream == null) {
      throw unknownUpstream(rc.pathParam("upstream"));
    }
    switch (request.method().name()) {
      case "POST" -> post(request, response, upstream, principal);
      case "GET" -> get(request, response, upstream, principal);
      case "DELETE" -> delete(request, response, upstream, principal);
      default ->
          throw new FirewallFailure(
              FailureKind.METHOD_NOT_ALLOWED,
              "method " + request.method() + " is not allowed on an MCP endpoint");
    }
  }

  /** A path that is no MCP endpoint: 401 for strangers, 404 for authenticated callers. */
  public void unknownPath(RoutingContext rc) {
    HttpServerRequest request = rc.request();
    credentials
        .verify(request.getHeader(HttpHeaders.AUTHORIZATION), remoteAddress(request))
        .onComplete(
            ar ->
                fail(
                    request,
                    rc.response(),
                    ar.failed()
                        ? ar.cause()
                        : new FirewallFailure(
                            FailureKind.UNKNOWN_UPSTREAM,
                            "no MCP endpoint at '"
                                + rc.normalizedPath()
                                + "'; use /mcp/{upstream}"),
                    null));
  }

  private static FirewallFailure unknownUpstream(String name) {
    return new FirewallFailure(
        FailureKind.UNKNOWN_UPSTREAM, "no upstream named '" + name + "' is configured", name);
  }

  private static String remoteAddress(HttpServerRequest request) {
    return request.remoteAddress() == null ? null : request.remoteAddress().host();
  }

  /** GET and DELETE: the session named, which the verified caller must own. */
  private AgentSession ownedSession(
      HttpServerRequest request, UpstreamTransport upstream, Principal principal) {
    AgentSession session =
        binding.resolve(request.getHeader(SessionBinding.SESSION_HEADER), upstream.name());
    if (!session.owner().equals(principal.id())) {
      throw new FirewallFailure(
          FailureKind.SESSION_NOT_FOUND,
          "session not found: it expired or was ended; send initialize to open a new one");
    }
    return session;
  }

  private void post(
      HttpServerRequest request,
      HttpServerResponse response,
      UpstreamTransport upstream,
      Principal principal) {
    long start = System.nanoTime();
    guard.checkPost(request);
    BoundedBody.read(request, maxBodyBytes)
        .map(this::parse)
        .onFailure(e -> fail(request, response, e, null))
        .onSuccess(
            message -> {
              Exchange exchange =
                  new Exchange(
                      upstream.name(), message, request.headers(), remoteAddress(request), start);
              exchange.principal(principal);
              pipeline
                  .run(exchange)
                  .compose(v -> forward(exchange, upstream, request))
                  .onFailure(e -> fail(request, response, e, message.id(), exchange));
            });
  }

  private JsonRpcMessage parse(io.vertx.core.buffer.Buffer body) {
    try {
      return codec.parse(body);
    } catch (JsonRpcException e) {
      throw new FirewallFailure(
          e.code() == JsonRpcError.PARSE_ERROR
              ? FailureKind.PARSE_ERROR
              : FailureKind.INVALID_REQUEST,
          e.getMessage());
    }
  }

  private Future<Void> forward(
      Exchange exchange, UpstreamTransport upstream, HttpServerRequest request) {
    HttpServerResponse response = request.response();
    JsonRpcMessage message = exchange.message();
    if (!"initialize".equals(message.method()) || !message.isRequest()) {
      AgentSession session = exchange.session();
      return session
          .connection()
          .send(message)
          .recover(e -> expired(session, e))
          .compose(
              reply ->
                  writer.write(request, exchange, reply, message.id(), UnaryOperator.identity()));
    }
    return upstream
        .connect()
        .compose(
            connection -> {
              AgentSession session;
              try {
                session = sessions.open(upstream.name(), owner(exchange), connection);
              } catch (FirewallFailure full) {
                connection.close();
                return Future.failedFuture(full);
              }
              exchange.session(session);
              response.putHeader(SessionBinding.SESSION_HEADER, session.id());
              return connection
                  .send(message)
                  .onFailure(e -> sessions.end(session))
                  .compose(
                      reply ->
                          writer.write(
                              request,
                              exchange,
                              reply,
                              message.id(),
                              initialized -> acceptInitialize(session, initialized)));
            });
  }

  private static String owner(Exchange exchange) {
    if (exchange.principal() == null) {
      // The pipeline always authenticates before forwarding; never open an unowned session.
      throw new FirewallFailure(FailureKind.INTERNAL, "internal error in the firewall");
    }
    return exchange.principal().id();
  }

  /** Checks the revision the upstream agreed to; a failed initialize ends the session. */
  private JsonRpcMessage acceptInitialize(AgentSession session, JsonRpcMessage reply) {
    Object result = reply.json().getValue("result");
    if (!(result instanceof JsonObject r)) {
      sessions.end(session);
      return reply;
    }
    String version = r.getString("protocolVersion");
    if (version != null && !protocolVersions.contains(version)) {
      sessions.end(session);
      return FailureResponses.message(
          new FirewallFailure(
              FailureKind.UNSUPPORTED_PROTOCOL_VERSION,
              "upstream '"
                  + session.upstream()
                  + "' agreed to MCP revision "
                  + version
                  + ", which this firewall does not support (protocolVersions: "
                  + protocolVersions
                  + ")",
              session.upstream()),
          reply.id());
    }
    session.protocolVersion(version);
    session.markInitialized();
    return reply;
  }

  private <T> Future<T> expired(AgentSession session, Throwable e) {
    if (e instanceof FirewallFailure f && f.kind() == FailureKind.UPSTREAM_SESSION_EXPIRED) {
      sessions.end(session);
    }
    return Future.failedFuture(e);
  }

  private void get(
      HttpServerRequest request,
      HttpServerResponse response,
      UpstreamTransport upstream,
      Principal principal) {
    guard.checkGet(request);
    binding.checkProtocolVersion(request.getHeader(SessionBinding.PROTOCOL_HEADER));
    AgentSession session = ownedSession(request, upstream, principal);
    Exchange exchange =
        new Exchange(
            upstream.name(), null, request.headers(), remoteAddress(request), System.nanoTime());
    exchange.session(session);
    exchange.principal(principal);
    session
        .connection()
        .listen(request.getHeader("Last-Event-ID"))
        .recover(e -> expired(session, e))
        .compose(stream -> writer.relay(request, exchange, stream))
        .onFailure(e -> fail(request, response, e, null));
  }

  private void delete(
      HttpServerRequest request,
      HttpServerResponse response,
      UpstreamTransport upstream,
      Principal principal) {
    sessions
        .end(ownedSession(request, upstream, principal))
        .onComplete(ar -> response.setStatusCode(200).end());
  }

  private void fail(
      HttpServerRequest request, HttpServerResponse response, Throwable e, Object requestId) {
    fail(request, response, e, requestId, null);
  }

  private void fail(
      HttpServerRequest request,
      HttpServerResponse response,
      Throwable e,
      Object requestId,
      Exchange exchange) {
    refusals.refused(request, exchange, e);
    FailureResponses.write(request, e, requestId);
  }
}

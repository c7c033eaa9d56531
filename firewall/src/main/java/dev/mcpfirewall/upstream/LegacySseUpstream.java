package dev.mcpfirewall.upstream;

import dev.mcpfirewall.config.UpstreamConfig;
import dev.mcpfirewall.jsonrpc.JsonRpcCodec;
import dev.mcpfirewall.jsonrpc.JsonRpcException;
import dev.mcpfirewall.jsonrpc.JsonRpcMessage;
import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An upstream that speaks the legacy HTTP+SSE transport of MCP 2024-11-05. The firewall opens an
 * event stream with {@code GET url}; the upstream names, in an {@code endpoint} event, the URL to
 * POST messages to; every message the upstream sends (responses included) then arrives as a {@code
 * message} event on that one stream, and a {@link MessageCorrelator} sorts it into the streams the
 * agent sees.
 *
 * <p>Each agent session gets its own event stream, so its own upstream session. The firewall sends
 * its own credentials (configured headers), never the agent's, and only to the configured URL's
 * origin: an endpoint on another origin is refused, so that an upstream cannot redirect those
 * credentials elsewhere.
 *
 * <p>When the client is an {@link HttpClientAgent}, each event stream gets a connection of its own,
 * outside the client's pool: long-lived streams would otherwise hold every pooled connection and
 * starve the POSTs. The transport has no resumption: a dropped event stream ends the upstream
 * session, fails what was waiting with {@link FailureKind#UPSTREAM_UNAVAILABLE}, and the agent
 * initializes a new one.
 */
public final class LegacySseUpstream implements UpstreamTransport {
  private static final Logger log = LoggerFactory.getLogger(LegacySseUpstream.class);

  private final Vertx vertx;
  private final HttpClient client;
  private final UpstreamConfig config;
  private final URI url;
  private final JsonRpcCodec codec;
  private final int maxEventBytes;
  private final Set<Session> sessions = ConcurrentHashMap.newKeySet();

  /**
   * @param client the client for POSTs, and for event streams unless it is an {@link
   *     HttpClientAgent} (which opens them on connections of their own)
   * @param maxEventBytes largest single event accepted on an event stream
   */
  public LegacySseUpstream(
      Vertx vertx,
      HttpClient client,
      UpstreamConfig config,
      JsonRpcCodec codec,
      int maxEventBytes) {
    this.vertx = vertx;
    this.client = client;
    this.config = config;
    this.url = config.url().orElseThrow();
    this.codec = codec;
    this.maxEventBytes = maxEventBytes;
  }

  @Override
  public String name() {
    return config.name();
  }

  /**
   * Opens an event stream and waits, within the connect timeout, for the upstream to name its
   * message endpoint.
   */
  @Override
  public Future<UpstreamConnection> connect() {
    Session session = new Session();
    sessions.add(session);
    return session.open();
  }

  /** Closes every upstream session this transport opened and their event streams. */
  @Override
  public Future<Void> shutdown() {
    List<Future<Void>> closing = sessions.stream().map(Session::close).toList();
    return Future.join(closing).mapEmpty();
  }

  private RequestOptions options(HttpMethod method, URI target) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(method)
            .setAbsoluteURI(target.toString())
            .setConnectTimeout(config.timeouts().connect().toMillis());
    MultiMap headers = options.getHeaders();
    if (headers == null) {
      headers = MultiMap.caseInsensitiveMultiMap();
      options.setHeaders(headers);
    }
    config.headers().forEach(headers::set);
    return options;
  }

  private FirewallFailure transportFailure(Throwable cause, URI target) {
    return UpstreamFailures.transport(name(), target, cause);
  }

  private FirewallFailure protocolFailure(String what) {
    return UpstreamFailures.protocol(name(), what);
  }

  /** A 5xx says the upstream is down; anything else outside 2xx breaks the protocol. */
  private FirewallFailure statusFailure(int status, String what) {
    FailureKind kind =
        status / 100 == 5 ? FailureKind.UPSTREAM_UNAVAILABLE : FailureKind.UPSTREAM_PROTOCOL_ERROR;
    return new FirewallFailure(
        kind, "upstream '" + name() + "' answered " + what + " with HTTP " + status, name());
  }

  private static boolean isEventStream(HttpClientResponse response) {
    String type = response.getHeader(HttpHeaders.CONTENT_TYPE);
    return type != null && type.regionMatches(true, 0, "text/event-stream", 0, 17);
  }

  /** One upstream session: one event stream, its message endpoint and what waits on it. */
  private final class Session implements UpstreamConnection {
    private final MessageCorrelator correlator =
        new MessageCorrelator(vertx, name(), config.timeouts().request());
    private final Promise<UpstreamConnection> opened = Promise.promise();
    private volatile URI endpoint;
    private volatile FirewallFailure ended;
    private volatile HttpClientRequest streamRequest;
    private volatile HttpClientConnection streamConnection;
    private volatile long endpointTimer = -1;

    Future<UpstreamConnection> open() {
      long timeout = config.timeouts().connect().toMillis();
      endpointTimer =
          vertx.setTimer(
              timeout,
              id ->
                  end(
                      new FirewallFailure(
                          FailureKind.UPSTREAM_TIMEOUT,
                          "upstream '"
                              + name()
                              + "' named no message endpoint within "
                              + timeout
                              + " ms at "
                              + url,
                          name())));
      requestStream()
          .compose(
              request -> {
                streamRequest = request;
                if (ended != null) {
                  request.reset();
                  return Future.failedFuture(ended);
                }
                return request.send();
              })
          .onSuccess(this::onStream)
          .onFailure(e -> end(transportFailure(e, url)));
      return opened.future();
    }

    private Future<HttpClientRequest> requestStream() {
      RequestOptions options = options(HttpMethod.GET, url);
      options.getHeaders().set(HttpHeaders.ACCEPT, "text/event-stream");
      options.getHeaders().set(HttpHeaders.CACHE_CONTROL, "no-cache");
      if (!(client instanceof HttpClientAgent agent)) {
        return client.request(options);
      }
      HttpConnectOptions connect =
          new HttpConnectOptions()
              .setHost(MessageEndpoint.host(url))
              .setPort(MessageEndpoint.port(url))
              .setSsl("https".equalsIgnoreCase(url.getScheme()))
              .setConnectTimeout(config.timeouts().connect().toMillis());
      return agent
          .connect(connect)
          .compose(
              connection -> {
                streamConnection = connection;
                if (ended != null) {
                  connection.close();
                  return Future.failedFuture(ended);
                }
                return connection.request(options);
              });
    }

    private void onStream(HttpClientResponse response) {
      if (ended != null) {
        return;
      }
      if (response.statusCode() != 200 || !isEventStream(response)) {
        end(
            response.statusCode() == 200
                ? protocolFailure(
                    "answered its event stream request at "
                        + url
                        + " with content type '"
                        + response.getHeader(HttpHeaders.CONTENT_TYPE)
                        + "'")
                : statusFailure(response.statusCode(), "its event stream request at " + url));
        return;
      }
      SseParser parser = new SseParser(maxEventBytes, this::onEvent);
      response.handler(
          chunk -> {
            try {
              parser.feed(chunk);
            } catch (JsonRpcException | IllegalStateException e) {
              end(protocolFailure("sent an invalid event: " + e.getMessage()));
            }
          });
      response.exceptionHandler(this::onStreamClosed);
      response.endHandler(v -> onStreamClosed(null));
    }

    private void onEvent(SseParser.Event event) {
      if (ended != null) {
        return;
      }
      String type = event.type() == null || event.type().isEmpty() ? "message" : event.type();
      switch (type) {
        case "endpoint" -> onEndpoint(event.data());
        case "message" -> {
          if (event.data() != null && !event.data().isBlank()) {
            correlator.dispatch(codec.parse(Buffer.buffer(event.data())));
          }
        }
        default -> log.debug("upstream '{}' sent an event of unknown type '{}'", name(), type);
      }
    }

    private void onEndpoint(String data) {
      if (endpoint != null) {
        log.warn("upstream '{}' named a second message endpoint; keeping {}", name(), endpoint);
        return;
      }
      URI resolved;
      try {
        resolved = MessageEndpoint.resolve(url, data);
      } catch (IllegalArgumentException e) {
        end(protocolFailure("named an invalid message endpoint: " + e.getMessage()));
        return;
      }
      if (!MessageEndpoint.sameOrigin(url, resolved)) {
        end(
            protocolFailure(
                "named a message endpoint on another origin ("
                    + MessageEndpoint.origin(resolved)
                    + ") than its event stream at "
                    + url
                    + "; refused, so the firewall's credentials stay with "
                    + MessageEndpoint.origin(url)));
        return;
      }
      endpoint = resolved;
      vertx.cancelTimer(endpointTimer);
      opened.tryComplete(this);
    }

    private void onStreamClosed(Throwable cause) {
      if (ended != null) {
        return;
      }
      log.warn(
          "upstream '{}' closed its event stream at {}{}",
          name(),
          url,
          cause == null ? "" : " (" + cause.getMessage() + ")");
      end(
          new FirewallFailure(
              FailureKind.UPSTREAM_UNAVAILABLE,
              endpoint == null
                  ? "upstream '"
                      + name()
                      + "' closed its event stream at "
                      + url
                      + " before naming a message endpoint"
                  : "upstream '" + name() + "' closed its event stream; initialize a new session",
              name()));
    }

    /** Ends the session once: fails what waits on it and releases its event stream. Any thread. */
    private void end(FirewallFailure failure) {
      synchronized (this) {
        if (ended != null) {
          return;
        }
        ended = failure;
      }
      vertx.cancelTimer(endpointTimer);
      sessions.remove(this);
      opened.tryFail(failure);
      correlator.failAll(failure);
      HttpClientRequest request = streamRequest;
      if (request != null) {
        request.reset();
      }
      HttpClientConnection connection = streamConnection;
      if (connection != null) {
        connection.close();
      }
    }

    @Override
    public Future<UpstreamReply> send(JsonRpcMessage message) {
      FirewallFailure failure = ended;
      if (failure != null) {
        return Future.failedFuture(failure);
      }
      if (!message.isRequest()) {
        return post(message).map(v -> new UpstreamReply.Accepted());
      }
      MessageStream stream = correlator.expect(message);
      if (ended != null) {
        // The session ended between the check and expect(): failAll() may have missed it.
        stream.cancel();
        return Future.failedFuture(ended);
      }
      return post(message)
          .<UpstreamReply>map(v -> new UpstreamReply.Streamed(stream, true))
          .onFailure(e -> stream.cancel());
    }

    /** POSTs one message; the answer arrives on the event stream, the POST's body is ignored. */
    private Future<Void> post(JsonRpcMessage message) {
      URI target = endpoint;
      RequestOptions options =
          options(HttpMethod.POST, target).setIdleTimeout(config.timeouts().request().toMillis());
      options.getHeaders().set(HttpHeaders.CONTENT_TYPE, "application/json");
      return client
          .request(options)
          .compose(request -> request.send(message.encoded()))
          .compose(
              response -> {
                int status = response.statusCode();
                response.handler(chunk -> {});
                return response.end().map(status);
              })
          .recover(e -> Future.failedFuture(ended != null ? ended : transportFailure(e, target)))
          .compose(
              status ->
                  status / 100 == 2
                      ? Future.<Void>succeededFuture()
                      : Future.failedFuture(statusFailure(status, "the message " + message)));
    }

    /**
     * The agent's stream of server messages sent outside any request. Legacy SSE cannot resume, so
     * {@code lastEventId} is ignored: messages are never replayed.
     */
    @Override
    public Future<MessageStream> listen(String lastEventId) {
      FirewallFailure failure = ended;
      if (failure != null) {
        return Future.failedFuture(failure);
      }
      return Future.succeededFuture(correlator.listen());
    }

    @Override
    public Future<Void> close() {
      end(
          new FirewallFailure(
              FailureKind.UPSTREAM_UNAVAILABLE,
              "the session with upstream '" + name() + "' is closed",
              name()));
      return Future.succeededFuture();
    }
  }
}

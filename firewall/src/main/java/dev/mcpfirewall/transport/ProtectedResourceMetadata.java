package dev.mcpfirewall.transport;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.List;

/**
 * RFC 9728 OAuth 2.0 Protected Resource Metadata for each MCP endpoint, as the MCP authorization
 * specification asks: {@code /.well-known/oauth-protected-resource/mcp/{upstream}} (and the bare
 * well-known path for the server as a whole). It names the authorization servers that issue tokens
 * the firewall accepts. The document is public by design (clients read it before they have a token)
 * and holds nothing secret.
 */
public final class ProtectedResourceMetadata implements Handler<RoutingContext> {
  public static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

  private final JsonArray authorizationServers;

  public ProtectedResourceMetadata(List<URI> authorizationServers) {
    this.authorizationServers = new JsonArray();
    authorizationServers.forEach(uri -> this.authorizationServers.add(uri.toString()));
  }

  @Override
  public void handle(RoutingContext rc) {
    String base = rc.request().scheme() + "://" + rc.request().authority();
    String resourcePath = rc.request().path().substring(WELL_KNOWN.length());
    JsonObject metadata =
        new JsonObject()
            .put("resource", base + resourcePath)
            .put("authorization_servers", authorizationServers.copy())
            .put("bearer_methods_supported", new JsonArray().add("header"))
            .put("resource_name", "MCP Firewall");
    rc.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "max-age=300")
        .end(metadata.toBuffer());
  }
}

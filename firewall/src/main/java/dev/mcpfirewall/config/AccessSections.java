package dev.mcpfirewall.config;

import static dev.mcpfirewall.config.PlainValues.asObject;
import static dev.mcpfirewall.config.PlainValues.bool;
import static dev.mcpfirewall.config.PlainValues.duration;
import static dev.mcpfirewall.config.PlainValues.integer;
import static dev.mcpfirewall.config.PlainValues.list;
import static dev.mcpfirewall.config.PlainValues.object;
import static dev.mcpfirewall.config.PlainValues.path;
import static dev.mcpfirewall.config.PlainValues.port;
import static dev.mcpfirewall.config.PlainValues.string;
import static dev.mcpfirewall.config.PlainValues.stringMap;
import static dev.mcpfirewall.config.PlainValues.strings;

import dev.mcpfirewall.config.AuthConfig.ApiKeyConfig;
import dev.mcpfirewall.config.AuthConfig.JwtConfig;
import dev.mcpfirewall.config.AuthConfig.KeyPolicy;
import dev.mcpfirewall.config.AuthConfig.KeyScopes;
import dev.mcpfirewall.config.AuthConfig.Lockout;
import dev.mcpfirewall.config.PolicyConfig.RoleConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds the identity and access sections of a validated document ({@code dataDir}, {@code admin},
 * {@code auth}, {@code policy}, {@code alerts}) to their records, filling in the defaults the
 * records document. Relative paths are resolved against the configuration file's directory.
 */
final class AccessSections {

  private AccessSections() {}

  static Path dataDir(Map<String, Object> root, Optional<Path> directory) {
    return path(string(root.get("dataDir"), FirewallConfig.DEFAULT_DATA_DIR), directory);
  }

  static AdminConfig admin(Map<String, Object> root) {
    Map<String, Object> listen = object(object(root, "admin"), "listen");
    return new AdminConfig(listener(listen, AdminConfig.DEFAULT_PORT));
  }

  /** A listener section; absent keys take the {@link ListenConfig} defaults. */
  static ListenConfig listener(Map<String, Object> listen, int defaultPort) {
    return new ListenConfig(
        string(listen.get("host"), ListenConfig.DEFAULT_HOST),
        port(listen.get("port"), defaultPort),
        strings(listen.get("allowedHosts"), List.of()),
        strings(listen.get("allowedOrigins"), List.of()));
  }

  static AuthConfig auth(Map<String, Object> root, Optional<Path> directory, Path dataDir) {
    Map<String, Object> auth = object(root, "auth");
    Map<String, Object> keyPolicy = object(auth, "keyPolicy");
    Map<String, Object> lockout = object(auth, "lockout");
    return new AuthConfig(
        Optional.ofNullable((String) auth.get("keyPepper")),
        list(auth.get("apiKeys")).stream().map(k -> apiKey(asObject(k))).toList(),
        Optional.ofNullable((String) auth.get("keyStore"))
            .map(file -> path(file, directory))
            .orElse(dataDir.resolve(AuthConfig.DEFAULT_KEY_STORE)),
        new KeyPolicy(
            duration(keyPolicy.get("maxAge"), KeyPolicy.DEFAULT_MAX_AGE),
            duration(keyPolicy.get("expiryWarning"), KeyPolicy.DEFAULT_EXPIRY_WARNING),
            duration(keyPolicy.get("rotationGrace"), KeyPolicy.DEFAULT_ROTATION_GRACE)),
        Optional.ofNullable(auth.get("jwt")).map(jwt -> jwt(asObject(jwt), directory)),
        strings(auth.get("authorizationServers"), List.of()).stream().map(URI::create).toList(),
        new Lockout(
            integer(lockout.get("threshold"), Lockout.DEFAULT_THRESHOLD),
            duration(lockout.get("window"), Lockout.DEFAULT_WINDOW),
            duration(lockout.get("initialBackoff"), Lockout.DEFAULT_INITIAL_BACKOFF),
            duration(lockout.get("maxBackoff"), Lockout.DEFAULT_MAX_BACKOFF)));
  }

  private static ApiKeyConfig apiKey(Map<String, Object> key) {
    String id = (String) key.get("id");
    Map<String, Object> scopes = object(key, "scopes");
    return new ApiKeyConfig(
        id,
        (String) key.get("hash"),
        string(key.get("owner"), id),
        strings(key.get("roles"), List.of()),
        new KeyScopes(
            strings(scopes.get("upstreams"), List.of()),
            strings(scopes.get("tools"), List.of()),
            strings(scopes.get("classes"), List.of()),
            strings(scopes.get("sourceCidrs"), List.of())),
        Optional.ofNullable((String) key.get("expires"))
            .map(text -> OffsetDateTime.parse(text).toInstant()));
  }

  private static JwtConfig jwt(Map<String, Object> jwt, Optional<Path> directory) {
    return new JwtConfig(
        (String) jwt.get("issuer"),
        (String) jwt.get("audience"),
        duration(jwt.get("clockSkew"), JwtConfig.DEFAULT_CLOCK_SKEW),
        Optional.ofNullable((String) jwt.get("jwksUrl")).map(URI::create),
        duration(jwt.get("jwksRefresh"), JwtConfig.DEFAULT_JWKS_REFRESH),
        strings(jwt.get("publicKeyFiles"), List.of()).stream()
            .map(file -> path(file, directory))
            .toList(),
        strings(jwt.get("algorithms"), JwtConfig.DEFAULT_ALGORITHMS),
        string(jwt.get("rolesClaim"), JwtConfig.DEFAULT_ROLES_CLAIM),
        stringMap(jwt.get("roleMapping")),
        string(jwt.get("subjectClaim"), JwtConfig.DEFAULT_SUBJECT_CLAIM));
  }

  static PolicyConfig policy(Map<String, Object> root) {
    Map<String, Object> policy = object(root, "policy");
    Map<String, Map<String, String>> toolClasses = new LinkedHashMap<>();
    object(policy, "toolClasses")
        .forEach((upstream, tools) -> toolClasses.put(upstream, Map.copyOf(stringMap(tools))));
    return new PolicyConfig(
        list(policy.get("roles")).stream().map(r -> role(asObject(r))).toList(), toolClasses);
  }

  private static RoleConfig role(Map<String, Object> role) {
    return new RoleConfig(
        (String) role.get("name"),
        strings(role.get("upstreams"), List.of()),
        strings(role.get("tools"), List.of()),
        strings(role.get("classes"), List.of()),
        bool(role.get("admin"), false),
        strings(role.get("denyUpstreams"), List.of()),
        strings(role.get("denyTools"), List.of()));
  }

  static AlertsConfig alerts(Map<String, Object> root) {
    return new AlertsConfig(
        list(object(root, "alerts").get("webhooks")).stream()
            .map(PlainValues::asObject)
            .map(
                hook ->
                    new AlertsConfig.Webhook(
                        URI.create((String) hook.get("url")), stringMap(hook.get("headers"))))
            .toList());
  }
}

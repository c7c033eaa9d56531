package dev.mcpfirewall.auth.apikey;

import dev.mcpfirewall.config.AuthConfig.KeyScopes;
import dev.mcpfirewall.storage.OwnerOnlyFiles;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@link KeyStore} in one JSON file, by default {@code <dataDir>/keys.json}. Each save writes a
 * temporary file in the same directory (permissions 0600 where the file system has POSIX
 * permissions), forces it to disk and moves it over the old file atomically, so a crash leaves
 * either the old or the new file, never a torn one.
 *
 * <pre>{@code
 * {
 *   "version": 1,
 *   "keys": [ { "id": "k3j5...", "hash": "hmac-sha256:...", "owner": "ci", "roles": ["reader"],
 *               "scopes": { "upstreams": [], "tools": [], "classes": [], "sourceCidrs": [] },
 *               "created": "2025-...Z", "expires": "2025-...Z", "lastUsed": null,
 *               "revokedAt": null, "rotatedTo": null, "graceUntil": null } ],
 *   "configKeys": [ { "id": "ci", "hash": "hmac-sha256:...", "firstSeen": "2025-...Z" } ]
 * }
 * }</pre>
 */
public final class FileKeyStore implements KeyStore {
  private static final int VERSION = 1;

  private final Path file;

  public FileKeyStore(Path file) {
    this.file = file.toAbsolutePath().normalize();
  }

  public Path file() {
    return file;
  }

  @Override
  public Content load() throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Content.empty();
    }
    try {
      JsonObject root = new JsonObject(text);
      int version = root.getInteger("version", 0);
      if (version != VERSION) {
        throw new IOException(
            file
                + ": key store version "
                + version
                + " is not supported (expected "
                + VERSION
                + ")");
      }
      List<StoredApiKey> keys = new ArrayList<>();
      for (Object key : root.getJsonArray("keys", new JsonArray())) {
        keys.add(key((JsonObject) key));
      }
      List<ConfigKeySighting> sightings = new ArrayList<>();
      for (Object o : root.getJsonArray("configKeys", new JsonArray())) {
        JsonObject sighting = (JsonObject) o;
        sightings.add(
            new ConfigKeySighting(
                required(sighting, "id"),
                required(sighting, "hash"),
                Instant.parse(required(sighting, "firstSeen"))));
      }
      return new Content(keys, sightings);
    } catch (DecodeException | ClassCastException | DateTimeParseException e) {
      throw new IOException(file + ": not a valid key store (" + e.getMessage() + ")", e);
    }
  }

  @Override
  public void save(Content content) throws IOException {
    JsonArray keys = new JsonArray();
    content.keys().forEach(k -> keys.add(json(k)));
    JsonArray sightings = new JsonArray();
    content
        .configKeys()
        .forEach(
            s ->
                sightings.add(
                    new JsonObject()
                        .put("id", s.id())
                        .put("hash", s.hash())
                        .put("firstSeen", s.firstSeen().toString())));
    String text =
        new JsonObject()
                .put("version", VERSION)
                .put("keys", keys)
                .put("configKeys", sightings)
                .encodePrettily()
            + "\n";
    OwnerOnlyFiles.replace(file, text);
  }

  private static JsonObject json(StoredApiKey key) {
    return new JsonObject()
        .put("id", key.id())
        .put("hash", key.hash())
        .put("owner", key.owner())
        .put("roles", new JsonArray(new ArrayList<>(key.roles())))
        .put(
            "scopes",
            new JsonObject()
                .put("upstreams", new JsonArray(new ArrayList<>(key.scopes().upstreams())))
                .put("tools", new JsonArray(new ArrayList<>(key.scopes().tools())))
                .put("classes", new JsonArray(new ArrayList<>(key.scopes().classes())))
                .put("sourceCidrs", new JsonArray(new ArrayList<>(key.scopes().sourceCidrs()))))
        .put("created", key.created().toString())
        .put("expires", key.expires().toString())
        .put("lastUsed", key.lastUsed().map(Instant::toString).orElse(null))
        .put("revokedAt", key.revokedAt().map(Instant::toString).orElse(null))
        .put("rotatedTo", key.rotatedTo().orElse(null))
        .put("graceUntil", key.graceUntil().map(Instant::toString).orElse(null));
  }

  private StoredApiKey key(JsonObject key) throws IOException {
    JsonObject scopes = key.getJsonObject("scopes", new JsonObject());
    return new StoredApiKey(
        required(key, "id"),
        required(key, "hash"),
        required(key, "owner"),
        strings(key.getJsonArray("roles")),
        new KeyScopes(
            strings(scopes.getJsonArray("upstreams")),
            strings(scopes.getJsonArray("tools")),
            strings(scopes.getJsonArray("classes")),
            strings(scopes.getJsonArray("sourceCidrs"))),
        Instant.parse(required(key, "created")),
        Instant.parse(required(key, "expires")),
        instant(key, "lastUsed"),
        instant(key, "revokedAt"),
        Optional.ofNullable(key.getString("rotatedTo")),
        instant(key, "graceUntil"));
  }

  private String required(JsonObject object, String field) throws IOException {
    String value = object.getString(field);
    if (value == null) {
      throw new IOException(file + ": not a valid key store (an entry has no " + field + ")");
    }
    return value;
  }

  private static Optional<Instant> instant(JsonObject object, String field) {
    return Optional.ofNullable(object.getString(field)).map(Instant::parse);
  }

  private static List<String> strings(JsonArray array) {
    if (array == null) {
      return List.of();
    }
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add((String) v));
    return values;
  }
}

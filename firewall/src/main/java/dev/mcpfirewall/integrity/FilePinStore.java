package dev.mcpfirewall.integrity;

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
 * A {@link PinStore} in one JSON file, by default {@code <dataDir>/tool-pins.json}, replaced
 * atomically on each save. Each pin keeps the full approved and candidate definitions, so an admin
 * can diff them after a restart, and so a definition changed while the firewall was down is still
 * caught on the next listing.
 */
public final class FilePinStore implements PinStore {
  /** The file's name in the data directory. */
  public static final String FILE_NAME = "tool-pins.json";

  private static final int VERSION = 1;

  private final Path file;

  public FilePinStore(Path file) {
    this.file = file.toAbsolutePath().normalize();
  }

  @Override
  public List<ToolPin> load() throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return List.of();
    }
    try {
      JsonObject root = new JsonObject(text);
      if (root.getInteger("version", 0) != VERSION) {
        throw new IOException(
            file + ": tool pin store version " + root.getValue("version") + " is not supported");
      }
      List<ToolPin> pins = new ArrayList<>();
      for (Object entry : root.getJsonArray("pins", new JsonArray())) {
        pins.add(pin((JsonObject) entry));
      }
      return pins;
    } catch (DecodeException | ClassCastException | DateTimeParseException e) {
      throw new IOException(file + ": not a valid tool pin store (" + e.getMessage() + ")", e);
    }
  }

  @Override
  public void save(List<ToolPin> pins) throws IOException {
    JsonArray entries = new JsonArray();
    for (ToolPin pin : pins) {
      entries.add(json(pin));
    }
    OwnerOnlyFiles.replace(
        file,
        new JsonObject().put("version", VERSION).put("pins", entries).encodePrettily() + "\n");
  }

  private static JsonObject json(ToolPin pin) {
    JsonObject out =
        new JsonObject()
            .put("upstream", pin.upstream())
            .put("tool", pin.tool())
            .put("candidateRejected", pin.candidateRejected())
            .put("approvedBy", pin.approvedBy())
            .put("approvedAt", pin.approvedAt() == null ? null : pin.approvedAt().toString());
    pin.approved().ifPresent(v -> out.put("approved", version(v)));
    pin.candidate().ifPresent(v -> out.put("candidate", version(v)));
    return out;
  }

  private static JsonObject version(PinnedVersion version) {
    return new JsonObject()
        .put("hash", version.hash())
        .put("definition", version.definition().contract())
        .put("seen", version.seen().toString())
        .put("screening", version.screening());
  }

  private static ToolPin pin(JsonObject entry) throws IOException {
    String approvedAt = entry.getString("approvedAt");
    return new ToolPin(
        entry.getString("upstream"),
        entry.getString("tool"),
        version(entry.getJsonObject("approved")),
        version(entry.getJsonObject("candidate")),
        entry.getBoolean("candidateRejected", false),
        entry.getString("approvedBy"),
        approvedAt == null ? null : Instant.parse(approvedAt));
  }

  private static Optional<PinnedVersion> version(JsonObject stored) throws IOException {
    if (stored == null) {
      return Optional.empty();
    }
    ToolDefinition definition = ToolDefinition.of(stored.getJsonObject("definition"));
    if (!definition.hash().equals(stored.getString("hash"))) {
      // A definition edited in the file by hand must not become trusted under its old hash.
      throw new IOException(
          "pin of tool '" + definition.name() + "': stored hash does not match its definition");
    }
    return Optional.of(
        new PinnedVersion(
            definition,
            Instant.parse(stored.getString("seen")),
            stored.getJsonArray("screening", new JsonArray())));
  }
}

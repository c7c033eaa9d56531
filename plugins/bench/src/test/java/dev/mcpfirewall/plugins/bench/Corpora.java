package dev.mcpfirewall.plugins.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The third-party corpora in {@code shared/corpora} (read in place, never copied into the
 * repository) and the project's own labeled secrets corpus.
 */
final class Corpora {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One labeled text. */
  record Case(String id, String group, String text, boolean attack) {}

  private Corpora() {}

  /** The shared corpora directory, found by walking up from the working directory. */
  static Path shared() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/corpora");
      if (Files.isDirectory(candidate.resolve("giskard"))) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "shared/corpora (giskard, notinject) not found above " + Path.of("").toAbsolutePath());
  }

  /** The repository root: the directory holding plugins/secrets. */
  static Path repository() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("plugins/secrets"))) {
        return dir;
      }
    }
    throw new IllegalStateException("repository root not found above " + Path.of(""));
  }

  /** Giskard's prompt-injection set: every row an attack, grouped by its "group" column. */
  static List<Case> giskard() throws IOException {
    List<List<String>> rows =
        Csv.parse(Files.readString(shared().resolve("giskard/prompt_injections.csv")));
    List<String> header = rows.get(0);
    int index = header.indexOf("index");
    int prompt = header.indexOf("prompt");
    int name = header.indexOf("name");
    int group = header.indexOf("group");
    List<Case> cases = new ArrayList<>();
    for (List<String> row : rows.subList(1, rows.size())) {
      if (row.size() < header.size()) {
        continue;
      }
      cases.add(
          new Case(
              "giskard#" + row.get(index) + " " + row.get(name),
              row.get(group),
              row.get(prompt),
              true));
    }
    return cases;
  }

  /** NotInject: benign prompts full of trigger words, in three files by trigger-word count. */
  static List<Case> notInject() throws IOException {
    List<Case> cases = new ArrayList<>();
    for (String file : List.of("one", "two", "three")) {
      Path path = shared().resolve("notinject/NotInject_" + file + ".json");
      JsonNode list = JSON.readTree(Files.readString(path, StandardCharsets.UTF_8));
      int i = 0;
      for (JsonNode item : list.values()) {
        cases.add(
            new Case(
                "notinject-" + file + "#" + i++ + " " + item.path("category").asString(""),
                file + " trigger word" + (file.equals("one") ? "" : "s"),
                item.path("prompt").asString(""),
                false));
      }
    }
    return cases;
  }

  /** The labeled secrets corpus of the secrets module's tests. */
  static List<Case> secrets() throws IOException {
    Path path = repository().resolve("plugins/secrets/src/test/resources/secrets-corpus.jsonl");
    List<Case> cases = new ArrayList<>();
    int i = 0;
    for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode node = JSON.readTree(line);
      String text = node.path("text").asString("").replace("⟦", "").replace("⟧", "");
      cases.add(
          new Case(
              "secrets#" + i++,
              node.path("kind").asString(""),
              text,
              node.path("expect").asBoolean()));
    }
    return cases;
  }
}

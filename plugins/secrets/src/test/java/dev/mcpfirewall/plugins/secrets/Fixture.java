package dev.mcpfirewall.plugins.secrets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A test case read from a JSON-lines resource: a text, whether a secret is expected, and (between ⟦
 * and ⟧ in the text) where the secret is.
 */
record Fixture(String rule, String kind, boolean expect, String text, int start, int end) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static List<Fixture> load(String resource) throws IOException {
    List<Fixture> fixtures = new ArrayList<>();
    try (InputStream in = Fixture.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new IOException("missing test resource " + resource);
      }
      String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String line : all.split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode node = JSON.readTree(line);
        String marked = node.path("text").asString();
        int open = marked.indexOf('⟦');
        int close = marked.indexOf('⟧');
        String text = marked.replace("⟦", "").replace("⟧", "");
        fixtures.add(
            new Fixture(
                node.path("rule").asString(""),
                node.path("kind").asString(""),
                node.path("expect").asBoolean(),
                text,
                open,
                close < 0 ? -1 : close - 1));
      }
    }
    return fixtures;
  }

  String name() {
    String shown = text.length() > 60 ? text.substring(0, 60) + "…" : text;
    return (expect ? "finds " : "ignores ") + shown.replace('\n', ' ');
  }
}

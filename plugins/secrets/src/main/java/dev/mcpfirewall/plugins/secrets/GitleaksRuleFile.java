package dev.mcpfirewall.plugins.secrets;

import dev.mcpfirewall.plugins.api.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * Reads a gitleaks-format TOML rule file into {@link SecretRule}s.
 *
 * <p>Supported: {@code [[rules]]} with {@code id}, {@code description}, {@code regex}, {@code
 * secretGroup}, {@code entropy}, {@code keywords}, and allowlists ({@code [[rules.allowlists]]} or
 * the older {@code [rules.allowlist]}) with {@code regexes}, {@code regexTarget}, {@code stopwords}
 * and {@code condition}; the file-wide {@code [allowlist]} / {@code [[allowlists]]} regexes and
 * stopwords apply to every rule of the file. Path and commit allowlists, which need a repository,
 * are ignored. Extension keys, which gitleaks ignores, let a file say more: {@code severity}
 * ({@code "low"} to {@code "critical"}, default high), {@code priority} (an integer; when findings
 * overlap the higher priority wins; {@code generic-*} rules default to -10) and {@code maxSpan}
 * (per rule or file-wide: how many characters from a keyword occurrence a match can reach, which
 * lets the regex run only near keyword occurrences; unset, the regex runs over the whole text).
 *
 * <p>Regexes are Go RE2; {@link Re2Translation} rewrites them for Java. A rule Java still cannot
 * compile, or one with no regex (gitleaks' path-only rules), is skipped and reported in {@link
 * Loaded#skipped()}.
 */
final class GitleaksRuleFile {
  private static final TomlMapper TOML = new TomlMapper();

  /** The rules a file yielded and one line per rule it skipped, saying why. */
  record Loaded(List<SecretRule> rules, List<String> skipped) {}

  private GitleaksRuleFile() {}

  /**
   * Parses {@code toml}.
   *
   * @param source names the file in messages
   * @throws IllegalArgumentException when the file is not TOML or has no {@code [[rules]]}
   */
  static Loaded parse(String toml, String source) {
    JsonNode root;
    try {
      root = TOML.readTree(toml);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "rule file " + source + " is not valid TOML: " + e.getOriginalMessage(), e);
    }
    JsonNode rules = root.path("rules");
    if (!rules.isArray()) {
      throw new IllegalArgumentException("rule file " + source + " has no [[rules]]");
    }
    List<SecretRule> loaded = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    int defaultMaxSpan = root.path("maxSpan").asInt(0);
    List<RuleAllowlist> global = new ArrayList<>();
    try {
      addAllowlists(root.path("allowlist"), global, source + " [allowlist]");
      addAllowlists(root.path("allowlists"), global, source + " [[allowlists]]");
    } catch (IllegalArgumentException e) {
      skipped.add("(file-wide allowlist): " + e.getMessage());
    }

    for (JsonNode rule : rules.values()) {
      String id = rule.path("id").asString("");
      try {
        loaded.add(toRule(rule, id, global, source, defaultMaxSpan));
      } catch (IllegalArgumentException e) {
        skipped.add((id.isEmpty() ? "(rule without id)" : id) + ": " + e.getMessage());
      }
    }
    return new Loaded(List.copyOf(loaded), List.copyOf(skipped));
  }

  private static SecretRule toRule(
      JsonNode rule, String id, List<RuleAllowlist> global, String source, int defaultMaxSpan) {
    if (id.isEmpty()) {
      throw new IllegalArgumentException("no id");
    }
    String regex = rule.path("regex").asString("");
    if (regex.isEmpty()) {
      throw new IllegalArgumentException("no regex (path-only rules need a repository)");
    }
    Pattern pattern = compile(regex, "regex");
    List<String> keywords = new ArrayList<>();
    for (JsonNode keyword : rule.path("keywords").values()) {
      String word = keyword.asString("").toLowerCase(Locale.ROOT);
      if (!word.isEmpty()) {
        keywords.add(word);
      }
    }
    List<RuleAllowlist> allowlists = new ArrayList<>(global);
    addAllowlists(rule.path("allowlists"), allowlists, source + " " + id);
    addAllowlists(rule.path("allowlist"), allowlists, source + " " + id);
    Severity severity = severity(rule.path("severity").asString("high"));
    int priority = rule.path("priority").asInt(id.startsWith("generic") ? -10 : 0);
    return new SecretRule(
        id,
        rule.path("description").asString(""),
        pattern,
        rule.path("secretGroup").asInt(0),
        rule.path("entropy").asDouble(0),
        keywords,
        allowlists,
        severity,
        priority,
        keywords.isEmpty() ? 0 : rule.path("maxSpan").asInt(defaultMaxSpan));
  }

  private static void addAllowlists(JsonNode node, List<RuleAllowlist> into, String where) {
    if (node.isArray()) {
      for (JsonNode each : node.values()) {
        addAllowlist(each, into, where);
      }
    } else if (node.isObject()) {
      addAllowlist(node, into, where);
    }
  }

  private static void addAllowlist(JsonNode node, List<RuleAllowlist> into, String where) {
    List<Pattern> regexes = new ArrayList<>();
    for (JsonNode regex : node.path("regexes").values()) {
      regexes.add(compile(regex.asString(""), "allowlist regex in " + where));
    }
    List<String> stopwords = new ArrayList<>();
    for (JsonNode stopword : node.path("stopwords").values()) {
      stopwords.add(stopword.asString(""));
    }
    if (regexes.isEmpty() && stopwords.isEmpty()) {
      return;
    }
    RuleAllowlist.Target target =
        switch (node.path("regexTarget").asString("secret").toLowerCase(Locale.ROOT)) {
          case "match" -> RuleAllowlist.Target.MATCH;
          case "line" -> RuleAllowlist.Target.LINE;
          default -> RuleAllowlist.Target.SECRET;
        };
    boolean requireAll = "and".equalsIgnoreCase(node.path("condition").asString("or"));
    into.add(new RuleAllowlist(regexes, target, stopwords, requireAll));
  }

  private static Pattern compile(String re2, String what) {
    try {
      return Pattern.compile(Re2Translation.toJava(re2));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          what
              + " does not compile in Java: "
              + e.getDescription()
              + " near index "
              + e.getIndex());
    }
  }

  private static Severity severity(String name) {
    try {
      return Severity.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown severity '" + name + "'");
    }
  }
}

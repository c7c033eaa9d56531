package dev.mcpfirewall.plugins.secrets;

import dev.mcpfirewall.plugins.api.Detector;
import dev.mcpfirewall.plugins.api.DetectorConfig;
import dev.mcpfirewall.plugins.api.DetectorContext;
import dev.mcpfirewall.plugins.api.Inspector;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.pf4j.Extension;

/**
 * The bundled secrets detector: credentials (cloud keys, provider tokens, private keys, connection
 * strings with passwords, high-entropy assignments) in any text the firewall inspects. Its rules
 * are gitleaks-format TOML: the bundled set, plus rule files an admin adds.
 *
 * <p>Configuration (see {@code secrets.schema.json}): {@code bundledRules} (default true), {@code
 * ruleFiles} (gitleaks TOML files, relative to the detector's data directory), {@code
 * disabledRules} (rule ids), {@code entropy} (rule id to minimum entropy), {@code allowlist}
 * (regexes; a secret one finds is not reported), {@code maxFindingsPerSegment} (default 50).
 */
@Extension(ordinal = 10)
public final class SecretsDetector implements Detector {
  /** This detector's id. */
  public static final String ID = "secrets";

  static final String BUNDLED_RULES = "bundled-rules.toml";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String configSchema() {
    return resource("secrets.schema.json");
  }

  @Override
  public Inspector configure(DetectorContext context) {
    DetectorConfig config = context.config();
    List<SecretRule> rules = new ArrayList<>();
    if (config.getBoolean("bundledRules", true)) {
      rules.addAll(bundledRules());
    }
    for (String file : config.getStrings("ruleFiles")) {
      rules.addAll(load(file, context));
    }
    Set<String> disabled = Set.copyOf(config.getStrings("disabledRules"));
    Map<String, Object> entropy = config.getObject("entropy").asMap();
    List<SecretRule> active = new ArrayList<>();
    for (SecretRule rule : rules) {
      if (disabled.contains(rule.id())) {
        continue;
      }
      active.add(
          entropy.get(rule.id()) instanceof Number n ? withEntropy(rule, n.doubleValue()) : rule);
    }
    List<Pattern> allowlist = new ArrayList<>();
    for (String regex : config.getStrings("allowlist")) {
      try {
        allowlist.add(Pattern.compile(regex));
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "secrets: allowlist regex '" + regex + "' does not compile: " + e.getDescription(), e);
      }
    }
    return new SecretScanner(active, allowlist, config.getInt("maxFindingsPerSegment", 50));
  }

  /** The bundled rules. */
  static List<SecretRule> bundledRules() {
    GitleaksRuleFile.Loaded loaded = GitleaksRuleFile.parse(resource(BUNDLED_RULES), BUNDLED_RULES);
    if (!loaded.skipped().isEmpty()) {
      throw new IllegalStateException("bundled secret rules do not load: " + loaded.skipped());
    }
    return loaded.rules();
  }

  private static List<SecretRule> load(String file, DetectorContext context) {
    Path path = context.dataDirectory().map(dir -> dir.resolve(file)).orElse(Path.of(file));
    String toml;
    try {
      toml = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("secrets: cannot read rule file " + path + ": " + e, e);
    }
    GitleaksRuleFile.Loaded loaded = GitleaksRuleFile.parse(toml, path.toString());
    for (String skipped : loaded.skipped()) {
      context.logger().log(Level.WARNING, "secrets: skipped rule from {0}: {1}", path, skipped);
    }
    context
        .logger()
        .log(
            Level.INFO,
            "secrets: loaded {0} rules from {1} ({2} skipped)",
            loaded.rules().size(),
            path,
            loaded.skipped().size());
    return loaded.rules();
  }

  private static SecretRule withEntropy(SecretRule rule, double minEntropy) {
    return new SecretRule(
        rule.id(),
        rule.description(),
        rule.pattern(),
        rule.secretGroup(),
        minEntropy,
        rule.keywords(),
        rule.allowlists(),
        rule.severity(),
        rule.priority(),
        rule.maxSpan());
  }

  private static String resource(String name) {
    try (InputStream in = SecretsDetector.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

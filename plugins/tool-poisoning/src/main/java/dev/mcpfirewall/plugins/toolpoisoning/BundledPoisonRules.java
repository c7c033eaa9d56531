package dev.mcpfirewall.plugins.toolpoisoning;

import dev.mcpfirewall.plugins.api.Severity;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The bundled tool-poisoning heuristics, after the published tool-poisoning attacks on MCP: an
 * {@code <IMPORTANT>} block telling the model to read {@code ~/.ssh/id_rsa} or {@code mcp.json} and
 * pass it in a side parameter, to keep quiet about it, or to change how another server's tools
 * behave. Each rule names the keywords its matches contain, so one keyword pass decides where its
 * regex is tried.
 */
final class BundledPoisonRules {
  static final String HIDDEN = "hidden-instructions";
  static final String FILE = "sensitive-file";
  static final String CROSS_TOOL = "cross-tool-instruction";
  static final String SHADOWING = "tool-shadowing";
  static final String CONCEALMENT = "concealment";

  private static final int CI = Pattern.CASE_INSENSITIVE;
  private static final String S = "\\s{1,3}";

  private static final String SENSITIVE_PATH =
      "(?:~/\\.ssh|\\.ssh/|id_rsa|id_ed25519|id_ecdsa|\\.env\\b|mcp\\.json|\\.aws/credentials"
          + "|claude_desktop_config\\.json|/etc/passwd|/etc/shadow|\\.npmrc|\\.pypirc|\\.netrc"
          + "|\\.git-credentials|\\.kube/config|\\.docker/config\\.json|\\.bash_history"
          + "|\\.zsh_history|\\.gnupg|wallet\\.dat|login\\s{1,3}keychain|\\.config/gcloud"
          + "|credentials\\.json|secrets?\\.ya?ml)";

  private static final List<String> PATHS =
      List.of(
          "~/.ssh",
          ".ssh/",
          "id_rsa",
          "id_ed25519",
          "id_ecdsa",
          ".env",
          "mcp.json",
          ".aws/credentials",
          "claude_desktop_config.json",
          "/etc/passwd",
          "/etc/shadow",
          ".npmrc",
          ".pypirc",
          ".netrc",
          ".git-credentials",
          ".kube/config",
          ".docker/config.json",
          ".bash_history",
          ".zsh_history",
          ".gnupg",
          "wallet.dat",
          "keychain",
          ".config/gcloud",
          "credentials.json",
          "secret.yaml",
          "secrets.yaml",
          "secret.yml",
          "secrets.yml");

  /** Per rule: the keywords every match contains and how far before one a match can start. */
  private static final java.util.Map<String, Object[]> GATES =
      java.util.Map.ofEntries(
          gate(
              "important-tag",
              6,
              "important>",
              "system>",
              "instruction",
              "secret>",
              "hidden>",
              "admin>",
              "context>",
              "critical>",
              "mandatory>",
              "assistant>",
              "ai_instruction",
              "ai-instruction"),
          gate(
              "bracketed-directive",
              0,
              "[important]",
              "[system]",
              "[instruction",
              "[hidden]",
              "[admin]",
              "[note to ",
              "{{"),
          gate("html-comment", 0, "<!--"),
          gate("read-sensitive-file", 8, PATHS.toArray(String[]::new)),
          gate("sensitive-path", 8, PATHS.toArray(String[]::new)),
          gate("call-other-tool", 130, "tool", "function"),
          gate("pass-data-in-parameter", 170, "parameter", "argument", "field", "param"),
          gate("other-servers-tools", 20, "server", "tools"),
          gate("instead-of-tool", 0, "instead"),
          gate(
              "change-behaviour",
              25,
              "behavio",
              "recipient",
              "destination",
              "arguments",
              "parameters"),
          gate("do-not-tell-the-user", 50, "user"),
          gate("without-user-knowing", 0, "without", "the user", "hide", "conceal"),
          gate("do-not-mention", 12, "mention", "reveal", "say", "disclose", "explain"),
          gate(
              "implementation-detail-cover",
              25,
              "implementation detail",
              "internal detail",
              "technical requirement"));

  private BundledPoisonRules() {}

  private static java.util.Map.Entry<String, Object[]> gate(
      String id, int lead, String... keywords) {
    return java.util.Map.entry(id, new Object[] {lead, List.of(keywords)});
  }

  static List<PoisonRule> all() {
    return List.of(
        rule(
            "important-tag",
            HIDDEN,
            Severity.HIGH,
            0.85,
            CI,
            "<\\s{0,2}/?\\s{0,2}(?:important|system|instructions?|secret|hidden|admin|context"
                + "|critical|mandatory|assistant|ai[_-]?instructions?)\\s{0,2}>"),
        rule(
            "bracketed-directive",
            HIDDEN,
            Severity.MEDIUM,
            0.7,
            0,
            "\\[(?:IMPORTANT|SYSTEM|INSTRUCTIONS?|HIDDEN|ADMIN|NOTE TO (?:AI|ASSISTANT|MODEL))\\]"
                + "|\\{\\{\\s{0,2}(?:IMPORTANT|SYSTEM)\\s{0,2}\\}\\}"),
        rule("html-comment", HIDDEN, Severity.MEDIUM, 0.6, 0, "<!--"),
        rule(
            "read-sensitive-file",
            FILE,
            Severity.HIGH,
            0.85,
            CI,
            // Anchored on the path (rare), the verb checked behind it: linear on long texts.
            SENSITIVE_PATH
                + "(?<=\\b(?:read|cat|open|include|attach|send|upload|pass|provide|load|fetch|get"
                + "|access|copy|print|paste|extract|collect)\\b[^\\n]{0,80}"
                + SENSITIVE_PATH
                + ")"),
        rule("sensitive-path", FILE, Severity.LOW, 0.5, CI, SENSITIVE_PATH),
        rule(
            "call-other-tool",
            CROSS_TOOL,
            Severity.MEDIUM,
            0.6,
            CI,
            "\\b(?:before|after|when|whenever|first)\\b[^.\\n]{0,60}?\\b(?:call|invoke|use|run"
                + "|execute|trigger)"
                + S
                + "(?:the"
                + S
                + ")?[`'\"]?[\\w.-]{2,40}+[`'\"]?"
                + S
                + "(?:tool|function)\\b"),
        rule(
            "pass-data-in-parameter",
            CROSS_TOOL,
            Severity.HIGH,
            0.8,
            CI,
            "\\b(?:pass|put|include|add|send|provide|embed|insert|append)"
                + S
                + "(?:(?:its|the|their|this|that|all|entire|full|of|your|user's)"
                + S
                + "){0,3}(?:contents?|output|results?|file|files|conversation|history|data|keys?"
                + "|tokens?|secrets?|credentials|response|messages?|emails?)\\b[^.\\n]{0,60}?\\b(?:as|in"
                + "|into|to|via)"
                + S
                + "(?:the"
                + S
                + ")?[`'\"]?[\\w.-]{1,40}+[`'\"]?"
                + S
                + "(?:parameter|argument|field|param)\\b"),
        rule(
            "other-servers-tools",
            SHADOWING,
            Severity.HIGH,
            0.75,
            CI,
            "\\b(?:other|another|different)"
                + S
                + "(?:mcp"
                + S
                + ")?(?:servers?|tools)\\b[^.\\n]{0,60}?\\b(?:must|should|always|never|instead"
                + "|will|behave|send|use|call)\\b"),
        rule(
            "instead-of-tool",
            SHADOWING,
            Severity.HIGH,
            0.75,
            CI,
            "\\binstead"
                + S
                + "of"
                + S
                + "(?:using"
                + S
                + "|calling"
                + S
                + ")?(?:the"
                + S
                + ")?[`'\"]?[\\w.-]{2,40}+[`'\"]?"
                + S
                + "(?:tool|function|server)\\b"),
        rule(
            "change-behaviour",
            SHADOWING,
            Severity.HIGH,
            0.8,
            CI,
            "\\b(?:modif(?:y|ies)|override|overrides|change|changes|redirect|redirects|replace"
                + "|replaces)"
                + S
                + "(?:the"
                + S
                + ")?(?:behaviou?r|recipient|recipients|destination|arguments|parameters)"
                + S
                + "of"
                + S
                + "(?:the"
                + S
                + "|any"
                + S
                + "|all"
                + S
                + ")?(?:other"
                + S
                + ")?[`'\"]?[\\w.-]{2,40}"),
        rule(
            "do-not-tell-the-user",
            CONCEALMENT,
            Severity.HIGH,
            0.85,
            CI,
            "\\b(?:do"
                + S
                + "not|don't|never|must"
                + S
                + "not)"
                + S
                + "(?:tell|inform|mention|reveal|notify|alert|show|disclose)(?:"
                + S
                + "(?:this|it|that|anything))?(?:"
                + S
                + "to)?"
                + S
                + "the"
                + S
                + "user\\b"),
        rule(
            "without-user-knowing",
            CONCEALMENT,
            Severity.HIGH,
            0.85,
            CI,
            "\\bwithout"
                + S
                + "(?:telling|informing|notifying|alerting|asking)"
                + S
                + "the"
                + S
                + "user\\b|\\bthe"
                + S
                + "user"
                + S
                + "(?:must|should|need)"
                + S
                + "not"
                + S
                + "(?:know|see|be"
                + S
                + "told|notice)\\b|\\b(?:hide|conceal)"
                + S
                + "(?:this|it)"
                + S
                + "from"
                + S
                + "the"
                + S
                + "user\\b"),
        rule(
            "do-not-mention",
            CONCEALMENT,
            Severity.MEDIUM,
            0.7,
            CI,
            "\\b(?:do"
                + S
                + "not|don't|never)"
                + S
                + "(?:mention|reveal|say|disclose|explain)"
                + S
                + "(?:that|this|it|anything"
                + S
                + "about)\\b"),
        rule(
            "implementation-detail-cover",
            CONCEALMENT,
            Severity.MEDIUM,
            0.6,
            CI,
            "\\b(?:this|it)"
                + S
                + "is"
                + S
                + "(?:just"
                + S
                + "|only"
                + S
                + "|an?"
                + S
                + ")?(?:an?"
                + S
                + ")?(?:implementation"
                + S
                + "detail|internal"
                + S
                + "detail|technical"
                + S
                + "requirement)\\b"));
  }

  private static PoisonRule rule(
      String id, String kind, Severity severity, double confidence, int flags, String regex) {
    Object[] gate = GATES.get(id);
    @SuppressWarnings("unchecked")
    List<String> keywords = (List<String>) gate[1];
    return new PoisonRule(
        id, kind, severity, confidence, Pattern.compile(regex, flags), keywords, (Integer) gate[0]);
  }
}

package dev.mcpfirewall.plugins.promptinjection;

import dev.mcpfirewall.plugins.api.Severity;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The bundled prompt-injection heuristics. Patterns are written for linear matching: each starts
 * with a literal word, repetitions are bounded, and gaps between words are bounded runs of a class
 * the next word cannot start in, or short lazy gaps before a literal.
 */
final class BundledInjectionRules {
  static final String OVERRIDE = "instruction-override";
  static final String ROLE_TAG = "role-tag";
  static final String JAILBREAK = "jailbreak";
  static final String TOOL = "tool-coercion";
  static final String EXFILTRATION = "exfiltration";
  static final String PROMPT_LEAK = "prompt-leak";
  static final String HIDDEN = "hidden-text";

  private static final int CI = Pattern.CASE_INSENSITIVE;
  private static final String S = "\\s{1,3}";

  /** Words that qualify which instructions are meant: "previous", "all", "your", ... */
  private static final String QUALIFIER =
      "(?:previous|prior|above|earlier|preceding|following|former|initial|original|all|any|every"
          + "|your|system|developer|existing|current|old)";

  private static final String FILLER = "(?:the|of|and|or|these|those|my|all|any|your|above|such)";

  private static final String INSTRUCTIONS =
      "(?:instructions?|prompts?|rules|directives|guidelines|guidance|commands|orders|context"
          + "|constraints|programming|messages|restrictions|policies|safeguards)";

  /**
   * For rules whose keywords are not where a match starts: the most characters a match can start
   * before its keyword (generous bounds read off each pattern). Others start at their keyword.
   */
  private static final java.util.Map<String, Integer> LEADS =
      java.util.Map.ofEntries(
          java.util.Map.entry("new-instructions", 10),
          java.util.Map.entry("stop-everything", 10),
          java.util.Map.entry("just-print-quoted", 10),
          java.util.Map.entry("bracket-system-tag", 4),
          java.util.Map.entry("markdown-instruction-header", 10),
          java.util.Map.entry("system-message-prefix", 4),
          java.util.Map.entry("do-anything-now", 8),
          java.util.Map.entry("special-mode-enabled", 40),
          java.util.Map.entry("broken-free-of-confines", 50),
          java.util.Map.entry("no-rules-apply", 40),
          java.util.Map.entry("policies-replaced", 16),
          java.util.Map.entry("immerse-into-role", 40),
          java.util.Map.entry("act-as-unrestricted", 35),
          java.util.Map.entry("dual-response-tags", 4),
          java.util.Map.entry("without-filters", 25),
          java.util.Map.entry("stay-in-character", 16),
          java.util.Map.entry("call-tool-secretly", 70),
          java.util.Map.entry("call-tool-before-answering", 160),
          java.util.Map.entry("must-call-tool", 90),
          java.util.Map.entry("reveal-system-prompt", 60),
          java.util.Map.entry("do-not-tell-the-user", 50));

  private BundledInjectionRules() {}

  static List<InjectionRule> all() {
    return List.of(
        // ------------------------------------------------------------ instruction override
        rule(
            "ignore-previous-instructions",
            OVERRIDE,
            Severity.HIGH,
            0.9,
            CI,
            "\\b(?:ignore|disregard|forget|override|bypass|skip|neglect|abandon|drop)"
                + S
                + "(?:"
                + FILLER
                + S
                + "){0,3}"
                + QUALIFIER
                + S
                + "(?:(?:"
                + FILLER
                + "|"
                + QUALIFIER
                + ")"
                + S
                + "){0,3}"
                + INSTRUCTIONS
                + "\\b",
            "ignore",
            "disregard",
            "forget",
            "override",
            "bypass",
            "skip",
            "neglect",
            "abandon",
            "drop"),
        rule(
            "forget-everything",
            OVERRIDE,
            Severity.HIGH,
            0.85,
            CI,
            "\\b(?:forget|disregard|ignore)"
                + S
                + "(?:about"
                + S
                + ")?(?:everything|all\\s{1,3}that|anything)"
                + S
                + "(?:you(?:'ve|"
                + S
                + "have)?"
                + S
                + "(?:learned|learnt|been"
                + S
                + "told|were"
                + S
                + "told|know|got)|(?:above|before|prior|previously|so"
                + S
                + "far|i"
                + S
                + "(?:said|told"
                + S
                + "you)))",
            "forget",
            "disregard",
            "ignore"),
        rule(
            "new-instructions",
            OVERRIDE,
            Severity.MEDIUM,
            0.7,
            CI,
            "\\b(?:your"
                + S
                + "new"
                + S
                + "(?:instructions|task|role|goal|objective|purpose|rules)"
                + S
                + "(?:is|are)\\b|(?:new|updated|real|actual|override)"
                + S
                + "(?:system"
                + S
                + ")?instructions\\s{0,2}:)",
            "new",
            "updated",
            "real",
            "actual",
            "override"),
        rule(
            "stop-everything",
            OVERRIDE,
            Severity.MEDIUM,
            0.7,
            CI,
            "\\bstop" + S + "everything\\b",
            "everything"),
        rule(
            "just-print-quoted",
            OVERRIDE,
            Severity.MEDIUM,
            0.45,
            CI,
            "\\b(?:just|only)"
                + S
                + "(?:print|say|output|respond"
                + S
                + "with|reply"
                + S
                + "with|write)"
                + S
                + "[\"“'«]",
            "print",
            "say",
            "output",
            "respond",
            "reply",
            "write"),
        rule(
            "ignore-instructions-multilingual",
            OVERRIDE,
            Severity.HIGH,
            0.85,
            CI | Pattern.UNICODE_CASE,
            "(?:\\bignor(?:e[zr]?|a|iere|ieren|ar)\\s{1,3}(?:toutes\\s{1,3}|todas\\s{1,3}|alle\\s{1,3}"
                + "|tutte\\s{1,3}|todas\\s{1,3}as\\s{1,3})?(?:les\\s{1,3}|las\\s{1,3}|le\\s{1,3}|as"
                + "\\s{1,3}|die\\s{1,3})?(?:vorherigen\\s{1,3}|bisherigen\\s{1,3}|vorigen\\s{1,3})?"
                + "(?:instructions?|instrucciones|istruzioni|instruções|anweisungen|befehle)"
                + "|忽略(?:之前|以上|前面|先前|上述)的?(?:所有)?(?:指令|指示|说明|提示)"
                + "|игнорируй(?:те)?\\s{1,3}(?:все\\s{1,3})?(?:предыдущие\\s{1,3})?инструкции)",
            "ignor",
            "忽略",
            "игнорируй"),
        // ------------------------------------------------------------ fake role tags
        rule(
            "chatml-role-tag",
            ROLE_TAG,
            Severity.HIGH,
            0.9,
            CI,
            "<\\|(?:im_start|im_end|system|assistant|user|endoftext|start_header_id|eot_id)\\|>",
            "<|"),
        rule(
            "bracket-system-tag",
            ROLE_TAG,
            Severity.HIGH,
            0.8,
            0,
            "\\[/?(?:SYSTEM|INST|SYS|ADMIN|DEVELOPER)(?:\\s{1,3}(?:MESSAGE|PROMPT|OVERRIDE))?\\]|<</?SYS>>",
            "system",
            "inst",
            "sys",
            "admin",
            "developer"),
        rule(
            "markdown-instruction-header",
            ROLE_TAG,
            Severity.MEDIUM,
            0.7,
            CI | Pattern.MULTILINE,
            "^\\s{0,3}#{2,4}\\s{0,3}(?:system(?:\\s{1,3}(?:prompt|message))?|instruction|new"
                + "\\s{1,3}instructions?|response)\\s{0,3}:",
            "# system",
            "#system",
            "# instruction",
            "#instruction",
            "# new instruction",
            "# response",
            "#response"),
        rule(
            "xml-system-tag",
            ROLE_TAG,
            Severity.MEDIUM,
            0.75,
            CI,
            "</?(?:system|system_prompt|system-prompt|sys|admin_instructions|developer_instructions)>",
            "<system",
            "</system",
            "<sys",
            "</sys",
            "<admin_",
            "<developer_"),
        rule(
            "system-message-prefix",
            ROLE_TAG,
            Severity.MEDIUM,
            0.7,
            CI | Pattern.MULTILINE,
            "^\\s{0,3}(?:system|admin|developer)\\s{0,2}(?:message|prompt|override|instructions?|note)"
                + "\\s{0,2}:",
            "system",
            "admin",
            "developer"),
        // ------------------------------------------------------------ jailbreak personas
        rule(
            "do-anything-now",
            JAILBREAK,
            Severity.HIGH,
            0.9,
            CI,
            "\\bdo" + S + "anything" + S + "now\\b",
            "anything"),
        rule(
            "persona-name",
            JAILBREAK,
            Severity.MEDIUM,
            0.55,
            0,
            "(?<![\\w-])(?:DAN|ANTI-DAN|BetterDAN|AntiGPT|DevMode)(?![\\w-])",
            "dan",
            "antigpt",
            "devmode"),
        // Persona names that are also ordinary words or acronyms: weak alone.
        rule(
            "persona-name-ambiguous",
            JAILBREAK,
            Severity.LOW,
            0.4,
            0,
            "(?<![\\w-])(?:STAN|DUDE|UCAR|AIM|KEVIN|Mongo Tom)(?![\\w-])",
            "stan",
            "dude",
            "ucar",
            "aim",
            "kevin",
            "mongo tom"),
        rule(
            "special-mode-enabled",
            JAILBREAK,
            Severity.HIGH,
            0.85,
            CI,
            "\\b(?:(?:DAN|developer|dev|god|jailbreak|jailbroken|unrestricted|evil|chaos|sudo|admin)"
                + S
                + "mode"
                + S
                + "(?:enabled|activated|on|output)|(?:enable|activate|simulate|enter|unlock)"
                + S
                + "(?:the"
                + S
                + ")?(?:DAN|developer|dev|god|jailbreak|unrestricted|sudo)"
                + S
                + "mode)\\b",
            "mode"),
        rule(
            "broken-free-of-confines",
            JAILBREAK,
            Severity.HIGH,
            0.85,
            CI,
            "\\b(?:broken|break|broke|breaking|freed)"
                + S
                + "(?:free"
                + S
                + ")?(?:of|from)"
                + S
                + "the"
                + S
                + "(?:typical"
                + S
                + ")?confines\\b",
            "confines"),
        rule(
            "no-rules-apply",
            JAILBREAK,
            Severity.MEDIUM,
            0.6,
            CI,
            "\\b(?:do(?:es)?"
                + S
                + "not|don't|doesn't|never|no"
                + S
                + "longer)"
                + S
                + "(?:have"
                + S
                + "to"
                + S
                + "|need"
                + S
                + "to"
                + S
                + ")?(?:abide|adhere|comply|follow|obey)"
                + S
                + "(?:by"
                + S
                + "|with"
                + S
                + ")?(?:the"
                + S
                + "|any"
                + S
                + "|openai(?:'s)?"
                + S
                + "|your"
                + S
                + "|their"
                + S
                + "|its"
                + S
                + ")?(?:rules|content"
                + S
                + "polic(?:y|ies)|guidelines|restrictions|policies|safety|ethical|programming)",
            "abide",
            "adhere",
            "comply",
            "follow",
            "obey"),
        rule(
            "policies-replaced",
            JAILBREAK,
            Severity.HIGH,
            0.85,
            CI,
            "\\b(?:openai|anthropic|content|safety|usage)"
                + S
                + "(?:polic(?:y|ies)|guidelines|filters)"
                + S
                + "(?:have"
                + S
                + "been|has"
                + S
                + "been|are"
                + S
                + "now|are|is"
                + S
                + "now|is)"
                + S
                + "(?:replaced|removed|disabled|suspended|lifted|void|invalid|irrelevant)",
            "polic",
            "guidelines",
            "filters"),
        rule(
            "immerse-into-role",
            JAILBREAK,
            Severity.HIGH,
            0.8,
            CI,
            "\\b(?:immerse"
                + S
                + "yourself"
                + S
                + "(?:into|in)"
                + S
                + "the"
                + S
                + "role|(?:take"
                + S
                + "on|assume|adopt)"
                + S
                + "the"
                + S
                + "(?:role|persona|identity)"
                + S
                + "of"
                + S
                + "(?:an?"
                + S
                + ")?(?:another|unfiltered|uncensored|unrestricted|evil|amoral|(?-i:[A-Z][A-Z-]{2,20})\\b))",
            "immerse",
            "role",
            "persona",
            "identity"),
        rule(
            "act-as-unrestricted",
            JAILBREAK,
            Severity.HIGH,
            0.8,
            CI,
            "\\b(?:act|behave|respond|answer|pretend"
                + S
                + "to"
                + S
                + "be|roleplay)"
                + S
                + "(?:as|like)?"
                + S
                + "(?:an?"
                + S
                + ")?(?:unfiltered|uncensored|unrestricted|amoral|jailbroken|unethical|evil)"
                + S
                + "(?:ai|assistant|chatbot|model|version|language"
                + S
                + "model)",
            "unfiltered",
            "uncensored",
            "unrestricted",
            "amoral",
            "jailbroken",
            "unethical",
            "evil"),
        rule(
            "from-now-on-respond-as",
            JAILBREAK,
            Severity.MEDIUM,
            0.45,
            CI,
            "\\bfrom"
                + S
                + "(?:now|here)"
                + S
                + "on[,\\s]{1,3}you"
                + S
                + "(?:will|are"
                + S
                + "going"
                + S
                + "to|must|shall)"
                + S
                + "(?:have"
                + S
                + "to"
                + S
                + ")?(?:respond|act|answer|reply|behave|be)\\b",
            "from now on",
            "from here on"),
        rule(
            "dual-response-tags",
            JAILBREAK,
            Severity.MEDIUM,
            0.7,
            0,
            "\\[(?:GPT|DAN|JAILBREAK|🔓JAILBREAK|🔒CLASSIC|CLASSIC|STAN|DUDE|AIM|BetterDAN)\\]\\s{0,2}:?",
            "[gpt]",
            "[dan]",
            "jailbreak]",
            "classic]",
            "[stan]",
            "[dude]",
            "[aim]",
            "[betterdan]"),
        rule(
            "without-filters",
            JAILBREAK,
            Severity.MEDIUM,
            0.45,
            CI,
            "\\b(?:no|without|free"
                + S
                + "of"
                + S
                + "(?:any|all))"
                + S
                + "(?:filters|restrictions|censorship|limitations|moral"
                + S
                + "(?:or"
                + S
                + "ethical"
                + S
                + ")?(?:bias|restrictions|guidelines)|ethical"
                + S
                + "(?:guidelines|restrictions))\\b",
            "filters",
            "restrictions",
            "censorship",
            "limitations",
            "moral",
            "ethical"),
        rule(
            "stay-in-character",
            JAILBREAK,
            Severity.LOW,
            0.4,
            CI,
            "\\b(?:stay|remain)" + S + "in" + S + "character\\b",
            "character"),
        // ------------------------------------------------------------ tool coercion
        rule(
            "call-tool-secretly",
            TOOL,
            Severity.HIGH,
            0.85,
            CI,
            "\\b(?:call|invoke|execute|run|use|trigger)"
                + S
                + "(?:the"
                + S
                + ")?[`'\"]?[\\w.-]{1,40}+[`'\"]?"
                + S
                + "(?:tool|function)\\b[^\\n]{0,80}?\\b(?:without"
                + S
                + "(?:asking|telling|informing|confirm\\w{0,6}|notifying)|(?:do"
                + S
                + "not|don't|never)"
                + S
                + "(?:ask|tell|inform|confirm|notify|mention))",
            "tool",
            "function"),
        rule(
            "call-tool-before-answering",
            TOOL,
            Severity.MEDIUM,
            0.65,
            CI,
            "\\b(?:before|instead"
                + S
                + "of)"
                + S
                + "(?:responding|answering|replying|you"
                + S
                + "(?:respond|answer|reply))[^.\\n]{0,40}?\\b(?:call|invoke|execute|run|use)"
                + S
                + "(?:the"
                + S
                + ")?[`'\"]?[\\w.-]{1,40}+[`'\"]?"
                + S
                + "(?:tool|function)\\b",
            "tool",
            "function"),
        rule(
            "must-call-tool",
            TOOL,
            Severity.MEDIUM,
            0.45,
            CI,
            "\\b(?:you"
                + S
                + "must|immediately|always|mandatory:?)"
                + S
                + "(?:call|invoke|execute|run|use)"
                + S
                + "(?:the"
                + S
                + ")?[`'\"]?[\\w.-]{1,40}+[`'\"]?"
                + S
                + "(?:tool|function)\\b",
            "tool",
            "function"),
        // ------------------------------------------------------------ exfiltration
        rule(
            "markdown-image-template",
            EXFILTRATION,
            Severity.HIGH,
            0.85,
            0,
            "!\\[[^\\[\\]\\n]{0,200}+\\]\\(\\s{0,3}[^)\\s]{0,300}?(?:\\{[^}\\s]{1,60}\\}|\\$\\{?[A-Za-z_]{2,40}"
                + "|<[A-Za-z_ +-]{2,40}>|\\[[A-Za-z_ -]{2,40}\\]|%7B|%7b)",
            "!["),
        rule(
            "markdown-image-data-url",
            EXFILTRATION,
            Severity.MEDIUM,
            0.6,
            0,
            "!\\[[^\\[\\]\\n]{0,200}+\\]\\(\\s{0,3}https?://[^\\s)?]{1,200}\\?[^\\s)]{0,200}?="
                + "[A-Za-z0-9+/%_-]{48,}",
            "!["),
        rule(
            "send-data-to",
            EXFILTRATION,
            Severity.HIGH,
            0.85,
            CI,
            "\\b(?:send|post|upload|forward|transmit|exfiltrate|leak|append|include|encode|copy)"
                + S
                + "(?:(?:all|the|your|this|any|my|our|his|her|their|of|entire|full|whole)"
                + S
                + "){0,3}(?:conversation|chat"
                + S
                + "history|chat|messages|previous"
                + S
                + "messages|context|system"
                + S
                + "prompt|secrets?|api"
                + S
                + "keys?|credentials|passwords?|tokens?|private"
                + S
                + "keys?|env(?:ironment)?"
                + S
                + "variables|\\.env|ssh"
                + S
                + "keys?|user(?:'s)?"
                + S
                + "data|personal"
                + S
                + "data|files?)\\b[^\\n]{0,80}?\\b(?:to|into|in|via)"
                + S
                + "(?:https?://|(?:the|this|that|an?|my|our)"
                + S
                + "(?:url|endpoint|server|webhook|address|image|link|email)|[\\w.+-]{1,60}@[\\w-]{1,60}\\.)",
            "send",
            "post",
            "upload",
            "forward",
            "transmit",
            "exfiltrate",
            "leak",
            "append",
            "include",
            "encode",
            "copy"),
        // ------------------------------------------------------------ prompt leak
        rule(
            "reveal-system-prompt",
            PROMPT_LEAK,
            Severity.MEDIUM,
            0.75,
            CI,
            "\\b(?:reveal|print|show|repeat|output|display|leak|dump|tell"
                + S
                + "me|give"
                + S
                + "me|what"
                + S
                + "(?:is|are|was|were))"
                + S
                + "(?:me"
                + S
                + ")?(?:your|the)"
                + S
                + "(?:full"
                + S
                + "|entire"
                + S
                + "|original"
                + S
                + "|initial"
                + S
                + "|hidden"
                + S
                + "|secret"
                + S
                + "|exact"
                + S
                + ")?(?:system"
                + S
                + "prompt|initial"
                + S
                + "prompt|hidden"
                + S
                + "prompt|system"
                + S
                + "message|pre-?prompt)\\b",
            "prompt",
            "system message"),
        rule(
            "repeat-words-above",
            PROMPT_LEAK,
            Severity.MEDIUM,
            0.7,
            CI,
            "\\brepeat"
                + S
                + "(?:all"
                + S
                + ")?(?:the"
                + S
                + ")?(?:words|text|everything)"
                + S
                + "(?:above|before"
                + S
                + "this)",
            "repeat"),
        // ------------------------------------------------------------ hidden directives
        rule(
            "do-not-tell-the-user",
            HIDDEN,
            Severity.HIGH,
            0.8,
            CI,
            "\\b(?:do"
                + S
                + "not|don't|never)"
                + S
                + "(?:tell|inform|mention"
                + S
                + "(?:this"
                + S
                + ")?to|reveal"
                + S
                + "(?:this"
                + S
                + ")?to|notify|alert|show"
                + S
                + "(?:this"
                + S
                + ")?to)"
                + S
                + "the"
                + S
                + "user\\b",
            "user"));
  }

  private static InjectionRule rule(
      String id,
      String kind,
      Severity severity,
      double confidence,
      int flags,
      String regex,
      String... keywords) {
    return new InjectionRule(
        id,
        kind,
        severity,
        confidence,
        List.of(keywords),
        Pattern.compile(regex, flags),
        LEADS.getOrDefault(id, 0));
  }
}

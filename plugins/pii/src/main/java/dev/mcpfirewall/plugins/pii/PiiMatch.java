package dev.mcpfirewall.plugins.pii;

/**
 * A recognised piece of personal data: its kind, the rule that recognised it, its span and a masked
 * excerpt.
 */
record PiiMatch(PiiKind kind, String rule, int start, int end, String excerpt) {}

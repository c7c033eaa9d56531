package dev.mcpfirewall.plugins.api;

import java.util.Objects;

/**
 * Something a detector found.
 *
 * @param category what kind of thing, dotted from general to specific, e.g. {@code "secret"},
 *     {@code "prompt-injection.instruction-override"}, {@code "pii.payment-card"}. Policy matches
 *     categories by prefix, so {@code "pii"} covers {@code "pii.email"}. See {@link Categories}.
 * @param severity how bad it is
 * @param confidence how sure the detector is, from 0 to 1
 * @param rule the id of the rule that matched, stable across versions, e.g. {@code
 *     "aws-access-key-id"}; redaction markers name it
 * @param pointer the JSON pointer of the segment the finding is in
 * @param start the first character of the match within the segment's text
 * @param end one past the last character of the match
 * @param excerpt a short, already redacted excerpt that helps a human see what matched, never the
 *     sensitive value itself (e.g. {@code "AKIA…MPLE"}); may be empty
 * @param decodedFrom the {@link TextSegment#decodedFrom()} of the segment the match is in: null for
 *     the string itself, else the encoding the firewall peeled off. It tells the firewall which of
 *     the segments sharing {@code pointer} the span refers to; {@link Builder#at} sets it for you
 */
public record Finding(
    String category,
    Severity severity,
    double confidence,
    String rule,
    String pointer,
    int start,
    int end,
    String excerpt,
    String decodedFrom) {

  /** A finding in the string at {@code pointer} itself (not in a decoded form of it). */
  public Finding(
      String category,
      Severity severity,
      double confidence,
      String rule,
      String pointer,
      int start,
      int end,
      String excerpt) {
    this(category, severity, confidence, rule, pointer, start, end, excerpt, null);
  }

  public Finding {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(pointer, "pointer");
    excerpt = excerpt == null ? "" : excerpt;
    if (confidence < 0 || confidence > 1 || Double.isNaN(confidence)) {
      throw new IllegalArgumentException("confidence must be within [0, 1]: " + confidence);
    }
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
    }
  }

  /**
   * A copy located elsewhere: the firewall maps spans from normalised text back to the original.
   */
  public Finding at(String pointer, int start, int end, String decodedFrom) {
    return new Finding(
        category, severity, confidence, rule, pointer, start, end, excerpt, decodedFrom);
  }

  /** True when {@link #category()} is {@code prefix} or starts with {@code prefix + "."}. */
  public boolean isIn(String prefix) {
    return category.equals(prefix)
        || (category.length() > prefix.length()
            && category.startsWith(prefix)
            && category.charAt(prefix.length()) == '.');
  }

  /** Starts a finding of {@code category} by {@code rule}. */
  public static Builder builder(String category, String rule) {
    return new Builder(category, rule);
  }

  /** Builds a {@link Finding}; severity defaults to MEDIUM and confidence to 0.9. */
  public static final class Builder {
    private final String category;
    private final String rule;
    private Severity severity = Severity.MEDIUM;
    private double confidence = 0.9;
    private String pointer = "";
    private int start;
    private int end;
    private String excerpt = "";
    private String decodedFrom;

    private Builder(String category, String rule) {
      this.category = category;
      this.rule = rule;
    }

    public Builder severity(Severity severity) {
      this.severity = severity;
      return this;
    }

    public Builder confidence(double confidence) {
      this.confidence = confidence;
      return this;
    }

    /** The match: characters {@code [start, end)} of {@code segment}'s text. */
    public Builder at(TextSegment segment, int start, int end) {
      this.pointer = segment.pointer();
      this.decodedFrom = segment.decodedFrom();
      this.start = start;
      this.end = end;
      return this;
    }

    public Builder excerpt(String excerpt) {
      this.excerpt = excerpt;
      return this;
    }

    public Finding build() {
      return new Finding(
          category, severity, confidence, rule, pointer, start, end, excerpt, decodedFrom);
    }
  }
}

package dev.mcpfirewall.detect.text;

import dev.mcpfirewall.plugins.api.Finding;
import dev.mcpfirewall.plugins.api.TextSegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text of one message, ready for detectors: every string with its JSON pointer, normalised,
 * plus the decoded forms of encoded runs inside it (bounded in depth and size), and the mapping
 * from any span a detector reports back to the original string.
 *
 * <pre>{@code
 * ScanText text = ScanText.builder().add("/params/arguments/q", "ignore previous...").build();
 * inspector.inspect(new Inspection(..., text.segments()));
 * }</pre>
 */
public final class ScanText {
  /** How deep nested encodings are peeled (base64 inside base64 is depth 2). */
  public static final int DEFAULT_MAX_DEPTH = 2;

  /** Decoded characters per message, across all strings. */
  public static final int DEFAULT_MAX_DECODED_CHARS = 256 * 1024;

  private final List<TextSegment> segments;
  private final Map<String, SpanMap> maps;
  private final Map<String, String> originals;
  private final Map<String, HiddenCharacters> hidden;

  private ScanText(
      List<TextSegment> segments,
      Map<String, SpanMap> maps,
      Map<String, String> originals,
      Map<String, HiddenCharacters> hidden) {
    this.segments = List.copyOf(segments);
    this.maps = maps;
    this.originals = originals;
    this.hidden = hidden;
  }

  public static Builder builder() {
    return new Builder(DEFAULT_MAX_DEPTH, DEFAULT_MAX_DECODED_CHARS);
  }

  public static Builder builder(int maxDepth, int maxDecodedChars) {
    return new Builder(maxDepth, maxDecodedChars);
  }

  /** The segments detectors inspect. */
  public List<TextSegment> segments() {
    return segments;
  }

  public boolean isEmpty() {
    return segments.isEmpty();
  }

  /** The original strings by pointer, in message order. */
  public Map<String, String> originals() {
    return originals;
  }

  /** Hidden characters found per pointer (only pointers where there were any). */
  public Map<String, HiddenCharacters> hidden() {
    return hidden;
  }

  /**
   * The finding located in the original string: same pointer, span in original characters, {@code
   * decodedFrom} kept. A finding whose pointer is unknown (a detector's mistake) is returned as is,
   * clamped to nothing.
   */
  public Finding toOriginal(Finding finding) {
    SpanMap map = maps.get(key(finding.pointer(), finding.decodedFrom()));
    if (map == null) {
      map = maps.get(key(finding.pointer(), null));
    }
    if (map == null) {
      return finding.at(finding.pointer(), 0, 0, finding.decodedFrom());
    }
    int[] span = map.toOriginal(finding.start(), finding.end());
    return finding.at(finding.pointer(), span[0], span[1], finding.decodedFrom());
  }

  private static String key(String pointer, String decodedFrom) {
    return decodedFrom == null ? pointer : pointer + '\u0000' + decodedFrom;
  }

  /** Collects strings; not thread-safe. */
  public static final class Builder {
    private final int maxDepth;
    private int decodedBudget;
    private final List<TextSegment> segments = new ArrayList<>();
    private final Map<String, SpanMap> maps = new HashMap<>();
    private final Map<String, String> originals = new LinkedHashMap<>();
    private Map<String, HiddenCharacters> hidden = Map.of();

    private Builder(int maxDepth, int maxDecodedChars) {
      this.maxDepth = maxDepth;
      this.decodedBudget = maxDecodedChars;
    }

    /** Adds the string at {@code pointer}; empty strings carry nothing and are skipped. */
    public Builder add(String pointer, String original) {
      if (original.isEmpty() || originals.containsKey(pointer)) {
        return this;
      }
      originals.put(pointer, original);
      NormalizedText normal = TextNormalizer.normalize(original);
      segments.add(new TextSegment(pointer, normal.text(), null));
      maps.put(pointer, normal);
      if (normal.hidden().any()) {
        if (hidden.isEmpty()) {
          hidden = new LinkedHashMap<>();
        }
        hidden.put(pointer, normal.hidden());
      }
      if (normal.smuggled() != null) {
        addDecoded(pointer, TextSegment.UNICODE_TAGS, normal.smuggled(), normal.smuggledMap(), 1);
      }
      decodeRuns(pointer, null, normal.text(), normal, 1);
      return this;
    }

    private void decodeRuns(
        String pointer, String chain, String text, SpanMap toOriginal, int depth) {
      if (depth > maxDepth || decodedBudget <= 0) {
        return;
      }
      for (EncodedRuns.Decoded decoded : EncodedRuns.decode(text, decodedBudget)) {
        decodedBudget -= decoded.text().length();
        String name = chain == null ? decoded.encoding() : chain + "+" + decoded.encoding();
        SpanMap map =
            (start, end) -> {
              int[] source = decoded.toSource(start, end);
              return toOriginal.toOriginal(source[0], source[1]);
            };
        addDecoded(pointer, name, decoded.text(), map, depth);
      }
    }

    private void addDecoded(String pointer, String name, String text, SpanMap map, int depth) {
      String key = key(pointer, name);
      if (maps.containsKey(key)) {
        return;
      }
      NormalizedText normal = TextNormalizer.normalize(text);
      SpanMap composed =
          normal.isIdentity()
              ? map
              : (start, end) -> {
                int[] inDecoded = normal.toOriginal(start, end);
                return map.toOriginal(inDecoded[0], inDecoded[1]);
              };
      segments.add(new TextSegment(pointer, normal.text(), name));
      maps.put(key, composed);
      decodeRuns(pointer, name, normal.text(), composed, depth + 1);
    }

    public ScanText build() {
      return new ScanText(segments, maps, originals, hidden);
    }
  }
}

package dev.mcpfirewall.plugins.promptinjection;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parts of a text a human reading the rendered page or chat would not see: HTML comments and
 * elements hidden by inline CSS ({@code display:none}, {@code visibility:hidden}, zero font size or
 * opacity, white text). Instructions there are aimed at the model.
 */
final class HiddenRegions {
  /** A hidden part of a text: characters {@code [start, end)}, and how it is hidden. */
  record Region(int start, int end, String how) {}

  private static final Pattern HIDDEN_ELEMENT =
      Pattern.compile(
          "<([a-z][a-z0-9]{0,9})\\b[^>]{0,300}?\\b(?:style\\s{0,2}=\\s{0,2}[\"'][^\"'>]{0,300}?"
              + "(?:display\\s{0,2}:\\s{0,2}none|visibility\\s{0,2}:\\s{0,2}hidden"
              + "|font-size\\s{0,2}:\\s{0,2}0(?:\\.0{1,3})?(?:px|pt|em|rem|%)?\\s{0,2}(?:;|[\"'])"
              + "|opacity\\s{0,2}:\\s{0,2}0(?:\\.0{1,3})?\\s{0,2}(?:;|[\"'])"
              + "|color\\s{0,2}:\\s{0,2}(?:white|#fff(?:fff)?|transparent)\\b)"
              + "|hidden(?=[\\s>/])|aria-hidden\\s{0,2}=\\s{0,2}[\"']true)[^>]{0,300}>",
          Pattern.CASE_INSENSITIVE);

  /** Bounds that keep the search linear: a region's length and the regions per text. */
  private static final int MAX_HIDDEN = 4_000;

  private static final int MAX_REGIONS = 50;

  private HiddenRegions() {}

  static List<Region> of(String text) {
    List<Region> regions = new ArrayList<>();
    int from = 0;
    while (regions.size() < MAX_REGIONS) {
      int open = text.indexOf("<!--", from);
      if (open < 0) {
        break;
      }
      int close = text.indexOf("-->", open + 4);
      int end =
          close < 0
              ? Math.min(text.length(), open + 4 + MAX_HIDDEN)
              : Math.min(close, open + 4 + MAX_HIDDEN);
      regions.add(new Region(open + 4, end, "html-comment"));
      from = close < 0 ? text.length() : close + 3;
    }
    Matcher element = HIDDEN_ELEMENT.matcher(text);
    while (regions.size() < MAX_REGIONS && element.find()) {
      int start = element.end();
      int limit = Math.min(text.length(), start + MAX_HIDDEN);
      String closing = "</" + element.group(1);
      int close = -1;
      for (int i = start; i + closing.length() <= limit; i++) {
        if (text.regionMatches(true, i, closing, 0, closing.length())) {
          close = i;
          break;
        }
      }
      regions.add(new Region(start, close < 0 ? limit : close, "hidden-element"));
    }
    return regions;
  }
}

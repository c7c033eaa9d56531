package dev.mcpfirewall.detect.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpfirewall.plugins.api.Finding;
import dev.mcpfirewall.plugins.api.Severity;
import dev.mcpfirewall.plugins.api.TextSegment;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Normalisation, decoding and the way back: whatever a detector finds in the scanned text must
 * redact exactly the right characters of the original string.
 */
class ScanTextTest {

  /** A case: an original string, a word to find in the scanned text, the redacted original. */
  private record Case(
      String name, String original, String word, String decodedFrom, String redacted) {}

  @TestFactory
  Stream<DynamicTest> findingsInScannedTextRedactTheRightOriginalCharacters() {
    String b64 =
        Base64.getEncoder()
            .encodeToString("the password is hunter2".getBytes(StandardCharsets.UTF_8));
    String hex =
        HexFormat.of().formatHex("the password is hunter2".getBytes(StandardCharsets.UTF_8));
    List<Case> cases =
        List.of(
            new Case("plain ascii", "say hunter2 now", "hunter2", null, "say [REDACTED:r] now"),
            new Case(
                "full-width letters (NFKC)",
                "say ｈｕｎｔｅｒ２ now",
                "hunter2",
                null,
                "say [REDACTED:r] now"),
            new Case(
                "zero-width characters inside the word",
                "say hun\u200Bter\u200D2 now",
                "hunter2",
                null,
                "say [REDACTED:r] now"),
            new Case(
                "ANSI colour codes around and inside",
                "\u001B[31msay hun\u001B[0mter2 now",
                "hunter2",
                null,
                "\u001B[31msay [REDACTED:r] now"),
            new Case(
                "combining accent after the word",
                "café hunter2",
                "hunter2",
                null,
                "café [REDACTED:r]"),
            new Case(
                "base64 run",
                "data=" + b64 + ";",
                "hunter2",
                TextSegment.BASE64,
                "data=[REDACTED:r];"),
            new Case(
                "hex run", "0x" + hex + " end", "hunter2", TextSegment.HEX, "0x[REDACTED:r] end"),
            new Case(
                "percent-encoding",
                "q=the%20password%20is%20hunter2",
                "hunter2",
                TextSegment.PERCENT,
                "[REDACTED:r]"),
            new Case(
                "unicode tag smuggling",
                "visible" + tags(" hunter2"),
                "hunter2",
                TextSegment.UNICODE_TAGS,
                "visible[REDACTED:r]"));
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
  }

  private static void check(Case c) {
    ScanText text = ScanText.builder().add("/x", c.original()).build();
    TextSegment segment =
        text.segments().stream()
            .filter(s -> java.util.Objects.equals(s.decodedFrom(), c.decodedFrom()))
            .findFirst()
            .orElseThrow(
                () ->
                    new AssertionError(
                        "no segment decoded from " + c.decodedFrom() + ": " + text.segments()));
    int at = segment.text().indexOf(c.word());
    assertThat(at).as("'%s' in %s", c.word(), segment.text()).isGreaterThanOrEqualTo(0);
    Finding finding =
        Finding.builder("secret", "r")
            .severity(Severity.HIGH)
            .at(segment, at, at + c.word().length())
            .build();
    Finding located = text.toOriginal(finding);
    String redacted =
        Redaction.apply(
            c.original(), List.of(new Redaction.Span("/x", located.start(), located.end(), "r")));
    assertThat(redacted).isEqualTo(c.redacted());
  }

  private static String tags(String ascii) {
    StringBuilder s = new StringBuilder();
    ascii.chars().forEach(ch -> s.appendCodePoint(0xE0000 + ch));
    return s.toString();
  }

  @Test
  void hiddenCharactersAreCountedPerString() {
    ScanText text =
        ScanText.builder()
            .add("/a", "plain")
            .add("/b", "x\u200By\u202Ez" + tags("hi") + "\u001B[1mw")
            .build();
    assertThat(text.hidden()).containsOnlyKeys("/b");
    HiddenCharacters h = text.hidden().get("/b");
    assertThat(h.tags()).isEqualTo(2);
    assertThat(h.zeroWidth()).isEqualTo(1);
    assertThat(h.bidi()).isEqualTo(1);
    assertThat(h.ansi()).isEqualTo(1);
    assertThat(text.segments()).extracting(TextSegment::text).contains("xyzw", "hi");
  }

  @Test
  void subdivisionFlagEmojiAreNotSmuggling() {
    String england = "\uD83C\uDFF4" + tags("gbeng") + new String(Character.toChars(0xE007F));
    ScanText text = ScanText.builder().add("/x", "go " + england + " go").build();
    assertThat(text.hidden()).isEmpty();
    assertThat(text.segments()).hasSize(1);
  }

  @Test
  void plainAsciiIsNotCopied() {
    String original = "an ordinary sentence about tools";
    NormalizedText normal = TextNormalizer.normalize(original);
    assertThat(normal.isIdentity()).isTrue();
    assertThat(normal.text()).isSameAs(original);
  }

  @Test
  void randomLookingRunsAreNotDecoded() {
    ScanText text =
        ScanText.builder()
            .add("/sha", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
            .add("/uuid", "123e4567-e89b-12d3-a456-426614174000")
            .add("/word", "internationalization")
            .build();
    assertThat(text.segments()).allMatch(s -> s.decodedFrom() == null);
  }

  @Test
  void nestedEncodingsArePeeledUpToTheDepthLimit() {
    String inner = Base64.getEncoder().encodeToString("deep secret text here".getBytes());
    String outer = Base64.getEncoder().encodeToString(("wrapped: " + inner).getBytes());
    ScanText text = ScanText.builder().add("/x", outer).build();
    assertThat(text.segments())
        .extracting(TextSegment::decodedFrom)
        .contains(TextSegment.BASE64, TextSegment.BASE64 + "+" + TextSegment.BASE64);
    assertThat(text.segments()).anyMatch(s -> s.text().contains("deep secret text here"));
  }

  @Test
  void decodingIsBoundedInSize() {
    String run = Base64.getEncoder().encodeToString("x".repeat(3000).getBytes());
    ScanText text = ScanText.builder(2, 1000).add("/x", run).build();
    assertThat(text.segments()).hasSize(1);
  }

  @Test
  void jsonStringsAreWalkedWithPointersAndRedactedInPlace() {
    JsonObject message =
        new JsonObject(
            """
            {"params": {"arguments": {"a/b": "token hunter2", "list": ["x", "hunter2"],
             "_meta": {"k": "hunter2"}},
             "content": [{"type": "image", "data": "aHVudGVyMg=="}]}}
            """);
    ScanText.Builder builder = ScanText.builder();
    JsonStrings.walk(message, "", builder);
    ScanText text = builder.build();
    assertThat(text.originals())
        .containsOnlyKeys(
            "/params/arguments/a~1b", "/params/arguments/list/0", "/params/arguments/list/1");
    int changed =
        Redaction.apply(
            message,
            Map.of(
                "/params/arguments/a~1b",
                List.of(new Redaction.Span("/params/arguments/a~1b", 6, 13, "r")),
                "/params/arguments/list/1",
                List.of(new Redaction.Span("/params/arguments/list/1", 0, 7, "r"))));
    assertThat(changed).isEqualTo(2);
    assertThat(message.getJsonObject("params").getJsonObject("arguments").getString("a/b"))
        .isEqualTo("token [REDACTED:r]");
    assertThat(
            message
                .getJsonObject("params")
                .getJsonObject("arguments")
                .getJsonArray("list")
                .getString(1))
        .isEqualTo("[REDACTED:r]");
    assertThat(Optional.of(message.encode())).get().asString().contains("_meta");
  }

  @Test
  void overlappingSpansAreMerged() {
    assertThat(
            Redaction.apply(
                "abcdefghij",
                List.of(
                    new Redaction.Span("/x", 2, 6, "one"), new Redaction.Span("/x", 4, 8, "two"))))
        .isEqualTo("ab[REDACTED:one][REDACTED:two]ij");
  }
}

package dev.mcpfirewall.plugins.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpfirewall.plugins.api.Detector;
import dev.mcpfirewall.plugins.api.DetectorContext;
import dev.mcpfirewall.plugins.api.Finding;
import dev.mcpfirewall.plugins.api.Inspector;
import dev.mcpfirewall.plugins.api.Severity;
import dev.mcpfirewall.plugins.api.TextSegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class DetectorHarnessTest {

  /** Finds a configured word. */
  public static final class WordDetector implements Detector {
    @Override
    public String id() {
      return "word";
    }

    @Override
    public Inspector configure(DetectorContext context) {
      String word = context.config().getString("word", "forbidden");
      return inspection -> {
        List<Finding> found = new ArrayList<>();
        for (TextSegment s : inspection.segments()) {
          int at = s.text().indexOf(word);
          if (at >= 0) {
            found.add(
                Finding.builder("test.word", "word-1")
                    .severity(Severity.LOW)
                    .at(s, at, at + word.length())
                    .build());
          }
        }
        return found;
      };
    }
  }

  private final DetectorHarness harness =
      DetectorHarness.of(new WordDetector(), Map.of("word", "banana"));

  @TestFactory
  Stream<DynamicTest> casesRunAsDynamicTests() {
    return harness.cases(
        DetectorCase.of("a banana split").expect("test", "word-1", "banana").exactly(),
        DetectorCase.of("an apple").expectNothing());
  }

  @Test
  void aMissedExpectationSaysWhatWasExpected() {
    assertThatThrownBy(() -> harness.check(DetectorCase.of("no fruit").expect("test.word", null)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected")
        .hasMessageContaining("test.word");
  }

  @Test
  void anUnexpectedFindingFailsAnExpectNothingCase() {
    assertThatThrownBy(() -> harness.check(DetectorCase.of("banana").expectNothing()))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("unexpected");
  }

  @Test
  void archiveHasThePf4jZipLayout(@TempDir Path dir) throws Exception {
    Path zip =
        PluginArchive.builder("word-plugin", "1.0.0")
            .extension(WordDetector.class)
            .writeZip(dir.resolve("word.zip"));
    try (ZipFile file = new ZipFile(zip.toFile())) {
      assertThat(new String(file.getInputStream(file.getEntry("plugin.properties")).readAllBytes()))
          .contains("plugin.id=word-plugin")
          .contains("plugin.requires=>=1.0.0");
      assertThat(
              new String(
                  file.getInputStream(file.getEntry("classes/META-INF/extensions.idx"))
                      .readAllBytes()))
          .contains(WordDetector.class.getName());
      assertThat(
              file.getEntry("classes/" + WordDetector.class.getName().replace('.', '/') + ".class"))
          .isNotNull();
    }
  }

  @Test
  void schemaCheckRefusesABadId() {
    Detector bad =
        new Detector() {
          @Override
          public String id() {
            return "Bad Id";
          }

          @Override
          public Inspector configure(DetectorContext context) {
            return i -> List.of();
          }
        };
    assertThatThrownBy(() -> SchemaCheck.check(bad)).isInstanceOf(AssertionError.class);
  }
}

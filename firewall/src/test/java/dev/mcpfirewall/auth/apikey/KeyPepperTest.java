package dev.mcpfirewall.auth.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyPepperTest {
  private static final String SECRET = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde";

  @Test
  void theHashIsStableAndHasTheDocumentedForm() {
    KeyPepper pepper = KeyPepper.of(Keys.PEPPER);
    String hash = pepper.hash(SECRET);
    assertThat(hash).matches("hmac-sha256:[A-Za-z0-9_-]{43}");
    assertThat(KeyPepper.of(Keys.PEPPER).hash(SECRET)).isEqualTo(hash);
    assertThat(pepper.matches(SECRET, KeyPepper.parseHash(hash))).isTrue();
    assertThat(pepper.matches(SECRET.replace('A', 'B'), KeyPepper.parseHash(hash))).isFalse();
  }

  @Test
  void theHashIsKeyedByThePepper() {
    String a = KeyPepper.of(Keys.PEPPER).hash(SECRET);
    String b = KeyPepper.of(Keys.PEPPER + "x").hash(SECRET);
    assertThat(a).isNotEqualTo(b);
    // Known answer, computed independently:
    // printf '%s' message | openssl dgst -sha256 -mac HMAC -macopt key:key-0123456789abcdef
    assertThat(KeyPepper.of("key-0123456789abcdef").hash("message"))
        .isEqualTo("hmac-sha256:fpkrY3VtZp8kKuhMqhSKMu_vQk0qlNGudnhrn54CIHc");
  }

  @Test
  void shortPeppersAreRefused() {
    assertThatThrownBy(() -> KeyPepper.of("short"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 16 characters");
    assertThat(KeyPepper.of(Keys.PEPPER).toString()).doesNotContain(Keys.PEPPER);
  }

  @Test
  void malformedHashesAreRefusedWithAReason() {
    assertThatThrownBy(() -> KeyPepper.parseHash("sha256:abc"))
        .hasMessageContaining("hmac-sha256:");
    assertThatThrownBy(() -> KeyPepper.parseHash("hmac-sha256:!!!"))
        .hasMessageContaining("base64url");
    assertThatThrownBy(() -> KeyPepper.parseHash("hmac-sha256:AAAA"))
        .hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> KeyPepper.parseHash(null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aConfiguredPepperWinsAndNoFileIsWritten(@TempDir Path dir) throws Exception {
    Path store = dir.resolve("keys.json");
    KeyPepper pepper = KeyPepper.resolve(Optional.of(Keys.PEPPER), store, new SecureRandom());
    assertThat(pepper.hash(SECRET)).isEqualTo(KeyPepper.of(Keys.PEPPER).hash(SECRET));
    assertThat(dir.resolve(KeyPepper.FILE_NAME)).doesNotExist();
  }

  @Test
  void withoutAConfiguredPepperOneIsGeneratedOnceOwnerOnlyAndReused(@TempDir Path dir)
      throws Exception {
    Path store = dir.resolve("data").resolve("keys.json");
    KeyPepper first = KeyPepper.resolve(Optional.empty(), store, new SecureRandom());
    Path file = dir.resolve("data").resolve(KeyPepper.FILE_NAME);
    assertThat(file).exists();
    String text = Files.readString(file).strip();
    assertThat(text).matches("[A-Za-z0-9_-]{43}");
    assertThat(Files.list(file.getParent()).map(p -> p.getFileName().toString()))
        .containsExactly(KeyPepper.FILE_NAME);
    if (KeyPepper.supportsPosix(file)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
    }
    KeyPepper again = KeyPepper.resolve(Optional.of(""), store, new SecureRandom());
    assertThat(again.hash(SECRET)).isEqualTo(first.hash(SECRET));
    // The file's content, used as a configured pepper, gives the same hashes.
    assertThat(KeyPepper.of(text).hash(SECRET)).isEqualTo(first.hash(SECRET));
    assertThat(KeyPepper.readFile(file.getParent()).orElseThrow().hash(SECRET))
        .isEqualTo(first.hash(SECRET));
  }

  @Test
  void anUnreadablePepperFileIsAnErrorNotANewPepper(@TempDir Path dir) throws Exception {
    assumeThat(KeyPepper.supportsPosix(dir)).isTrue();
    Files.writeString(dir.resolve(KeyPepper.FILE_NAME), "tiny\n");
    assertThatThrownBy(
            () -> KeyPepper.resolve(Optional.empty(), dir.resolve("keys.json"), new SecureRandom()))
        .hasMessageContaining("no usable API key pepper");
    assertThat(Files.readString(dir.resolve(KeyPepper.FILE_NAME))).isEqualTo("tiny\n");
  }
}

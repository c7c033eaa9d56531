package dev.mcpfirewall.auth.apikey;

import static dev.mcpfirewall.auth.apikey.Keys.await;
import static dev.mcpfirewall.auth.apikey.Keys.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpfirewall.auth.apikey.KeyStore.ConfigKeySighting;
import dev.mcpfirewall.auth.apikey.KeyStore.Content;
import dev.mcpfirewall.config.AuthConfig;
import dev.mcpfirewall.config.AuthConfig.KeyPolicy;
import dev.mcpfirewall.config.AuthConfig.KeyScopes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@Timeout(60)
class FileKeyStoreTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path dir;

  private static StoredApiKey key(String id, boolean revoked) {
    return new StoredApiKey(
        id,
        KeyPepper.of(Keys.PEPPER).hash(ApiKeyFormat.randomSecret(new SecureRandom())),
        "owner of " + id,
        List.of("reader", "operator"),
        new KeyScopes(
            List.of("notes"), List.of("read_*"), List.of("read-only"), List.of("10.0.0.0/8")),
        T0,
        T0.plusSeconds(3600),
        revoked ? Optional.of(T0.plusSeconds(60)) : Optional.empty(),
        revoked ? Optional.of(T0.plusSeconds(120)) : Optional.empty(),
        revoked ? Optional.of("nextkey12345") : Optional.empty(),
        revoked ? Optional.of(T0.plusSeconds(180)) : Optional.empty());
  }

  @Test
  void whatIsSavedIsLoadedBack() throws Exception {
    FileKeyStore store = new FileKeyStore(dir.resolve("data/keys.json"));
    assertThat(store.load()).isEqualTo(Content.empty());
    Content content =
        new Content(
            List.of(key("aaaabbbbcccc", false), key("ddddeeeeffff", true)),
            List.of(new ConfigKeySighting("ci", "hmac-sha256:x", T0)));
    store.save(content);
    assertThat(store.load()).isEqualTo(content);
    assertThat(new FileKeyStore(dir.resolve("data/keys.json")).load()).isEqualTo(content);
  }

  @Test
  void theFileIsReadableByItsOwnerOnly() throws Exception {
    Path file = dir.resolve("keys.json");
    new FileKeyStore(file).save(new Content(List.of(key("aaaabbbbcccc", false)), List.of()));
    if (KeyPepper.supportsPosix(file)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
    }
  }

  @Test
  void savesReplaceTheFileAtomicallySoReadersNeverSeeAPartialOne() throws Exception {
    Path file = dir.resolve("keys.json");
    FileKeyStore store = new FileKeyStore(file);
    List<StoredApiKey> many = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      many.add(key(String.format("key%09d", i), i % 2 == 0));
    }
    Content big = new Content(many, List.of());
    store.save(big);
    // A reader holding the original open keeps seeing it whole: the file is replaced by a move,
    // never rewritten in place. (Inode numbers cannot show this: the file system reuses them.)
    String original = Files.readString(file);
    java.io.InputStream held = Files.newInputStream(file);

    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger reads = new AtomicInteger();
    List<Throwable> problems = new ArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              while (!done.get()) {
                try {
                  assertThat(new JsonObject(Files.readString(file)).getJsonArray("keys"))
                      .hasSize(200);
                  reads.incrementAndGet();
                } catch (Throwable t) {
                  problems.add(t);
                  return;
                }
              }
            });
    reader.start();
    for (int i = 0; i < 40; i++) {
      store.save(big);
    }
    done.set(true);
    reader.join();
    assertThat(problems).isEmpty();
    assertThat(reads.get()).isPositive();
    // Replaced by a move, not rewritten in place; no temporary files left behind.
    try (held) {
      assertThat(new String(held.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo(original);
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("keys.json");
    }
  }

  @Test
  void aCorruptStoreStopsTheStartInsteadOfForgettingKeys(Vertx vertx) throws Exception {
    Path file = dir.resolve("keys.json");
    Files.writeString(file, "{ \"version\": 1, \"keys\": [ {\"id\": 5");
    Throwable failure =
        failure(
            ApiKeyRegistry.open(
                vertx,
                Keys.auth(List.of(), KeyPolicy.defaults()),
                KeyPepper.of(Keys.PEPPER),
                new FileKeyStore(file),
                new MutableClock(T0),
                new SecureRandom()));
    assertThat(failure)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("not a valid key store");
    Files.writeString(file, "{ \"version\": 7 }");
    assertThat(new java.io.File(file.toString())).exists();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FileKeyStore(file).load())
        .hasMessageContaining("version 7");
  }

  @Test
  void keysSurviveARestartAndTheSecretIsNeverWritten(Vertx vertx) throws Exception {
    Path data = dir.resolve("data");
    AuthConfig auth =
        new AuthConfig(
            Optional.empty(), // a pepper is generated beside the key store
            List.of(),
            data.resolve("keys.json"),
            KeyPolicy.defaults(),
            Optional.empty(),
            List.of(),
            AuthConfig.Lockout.defaults());
    MutableClock clock = new MutableClock(T0);
    ApiKeyRegistry first = await(ApiKeyRegistry.open(vertx, auth, clock));
    CreatedApiKey kept =
        await(first.create("alice", List.of("reader"), KeyScopes.unrestricted(), Optional.empty()));
    CreatedApiKey revoked =
        await(first.create("bob", List.of("reader"), KeyScopes.unrestricted(), Optional.empty()));
    await(first.revoke(revoked.metadata().id()));
    ApiKeyAuthenticator firstAuth = new ApiKeyAuthenticator(first, (id, why) -> {});
    Keys.authenticate(firstAuth, kept.key(), "127.0.0.1");
    List<ApiKeyMetadata> before = first.list();
    await(first.close()); // writes the last use

    String text = Files.readString(data.resolve("keys.json"));
    for (CreatedApiKey created : List.of(kept, revoked)) {
      String secret = ApiKeyFormat.parse(created.key()).orElseThrow().secret();
      assertThat(text).doesNotContain(secret).doesNotContain(created.key());
    }
    assertThat(text).contains(kept.metadata().id()).contains("hmac-sha256:");
    assertThat(data.resolve(KeyPepper.FILE_NAME)).exists();

    ApiKeyRegistry second = await(ApiKeyRegistry.open(vertx, auth, clock));
    try {
      assertThat(second.list()).isEqualTo(before);
      assertThat(second.get(kept.metadata().id()).orElseThrow().lastUsed()).contains(T0);
      ApiKeyAuthenticator secondAuth = new ApiKeyAuthenticator(second, (id, why) -> {});
      assertThat(Keys.authenticate(secondAuth, kept.key(), "127.0.0.1").id())
          .isEqualTo("key-owner:alice");
      assertThat(failure(secondAuth.authenticate(revoked.key(), "127.0.0.1")))
          .hasMessage(ApiKeyAuthenticator.CLIENT_MESSAGE);
    } finally {
      await(second.close());
    }
  }
}

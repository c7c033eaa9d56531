package dev.mcpfirewall.audit.redact;

import dev.mcpfirewall.audit.store.RecordSeal;
import dev.mcpfirewall.json.CanonicalJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The salted commitment each record carries for its original (unredacted) payload: {@code digest =
 * SHA-256(salt || canonical JSON of the original)}. The record stores a random {@code nonce}; the
 * salt is {@code HMAC-SHA256(commitment key, nonce)} truncated to 16 bytes, with the commitment key
 * kept beside the signing key, never in the audit directory.
 *
 * <p>Why not store the salt: a redacted record shows everything but the secret, so a stored salt
 * would let anyone holding the audit files brute-force a low-entropy secret (a card number) against
 * the digest. Keyed salts close that; to prove a payload, the key holder reveals one record's salt
 * ({@code mcp-firewall audit prove}) and anyone can then check the digest.
 */
public final class PayloadCommitment {
  private static final HexFormat HEX = HexFormat.of();

  private final byte[] key;
  private final long noncePrefix = new SecureRandom().nextLong();
  private final java.util.concurrent.atomic.AtomicLong nonceCounter =
      new java.util.concurrent.atomic.AtomicLong();
  private final ThreadLocal<MessageDigest> sha256 = ThreadLocal.withInitial(RecordSeal::sha256);
  private final ThreadLocal<Mac> macs;

  public PayloadCommitment(byte[] key) {
    this.key = key.clone();
    this.macs =
        ThreadLocal.withInitial(
            () -> {
              try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(this.key, "HmacSHA256"));
                return mac;
              } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
              }
            });
    macs.get(); // fail now, not on the first record
  }

  /** Reads the 32-byte key at {@code file}, creating it (0600) on first use. Blocking. */
  public static PayloadCommitment loadOrCreate(Path file) {
    try {
      if (!Files.exists(file)) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
          Files.createFile(
              file,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
          Files.writeString(file, HEX.formatHex(key) + "\n", StandardCharsets.US_ASCII);
          return new PayloadCommitment(key);
        } catch (FileAlreadyExistsException raced) {
          // fall through and read it
        }
      }
      return new PayloadCommitment(
          HEX.parseHex(Files.readString(file, StandardCharsets.US_ASCII).strip()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the commitment key " + file, e);
    }
  }

  /** The commitment member for {@code original}: {@code {alg, nonce, digest}}. Thread-safe. */
  public Map<String, Object> commit(Object original) {
    return commitCanonical(CanonicalJson.encode(original));
  }

  /**
   * The commitment member for a payload already in canonical form (so a caller that needs the
   * canonical text anyway encodes it once). Thread-safe.
   */
  public Map<String, Object> commitCanonical(String canonical) {
    // Nonces must be unique, not secret (the salt derived from them is): a random prefix per
    // process and a counter.
    byte[] nonce =
        java.nio.ByteBuffer.allocate(16)
            .putLong(noncePrefix)
            .putLong(nonceCounter.incrementAndGet())
            .array();
    String nonceText = Base64.getEncoder().encodeToString(nonce);
    MessageDigest sha = sha256.get();
    sha.reset();
    sha.update(salt(nonceText));
    sha.update(canonical.getBytes(StandardCharsets.UTF_8));
    return Map.of(
        "alg",
        "sha256(hmac-salt||canonical-json)",
        "nonce",
        nonceText,
        "digest",
        HEX.formatHex(sha.digest()));
  }

  /** The salt of a record's nonce: what the key holder reveals to prove one payload. */
  public byte[] salt(String nonce) {
    byte[] full = macs.get().doFinal(Base64.getDecoder().decode(nonce));
    return java.util.Arrays.copyOf(full, 16);
  }

  /** {@code SHA-256(salt || canonical JSON of payload)} as hex: what anyone can recompute. */
  public static String digest(byte[] salt, Object payload) {
    MessageDigest sha = RecordSeal.sha256();
    sha.update(salt);
    sha.update(CanonicalJson.encode(payload).getBytes(StandardCharsets.UTF_8));
    return HEX.formatHex(sha.digest());
  }
}

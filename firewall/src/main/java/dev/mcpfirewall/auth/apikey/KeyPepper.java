package dev.mcpfirewall.auth.apikey;

import dev.mcpfirewall.storage.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secret that keys the hash API key secrets are stored under: a key is kept only as {@code
 * hmac-sha256:<base64url>} = HMAC-SHA256(pepper, secret), where the secret is the part of the key
 * after its id, as ASCII text. Without the pepper a stolen key store or configuration file does not
 * even allow checking guesses.
 *
 * <p>The pepper is text, and its UTF-8 bytes are the HMAC key. It comes from {@code auth.keyPepper}
 * (usually {@code ${MCP_FIREWALL_KEY_PEPPER}}); when that is empty, the firewall makes a random one
 * on first start and keeps it in the file {@value #FILE_NAME} beside the key store (permissions
 * 0600). Copying that file's content into {@code auth.keyPepper} gives the same hashes.
 *
 * <p>Instances are thread-safe: each thread keeps its own {@link Mac}.
 */
public final class KeyPepper {
  private static final Logger log = LoggerFactory.getLogger(KeyPepper.class);

  /** The name of the generated pepper's file, in the key store's directory. */
  public static final String FILE_NAME = "key-pepper";

  /** The shortest pepper accepted. */
  public static final int MIN_LENGTH = 16;

  /** The prefix of a stored hash; the algorithm is named so it can change later. */
  public static final String HASH_PREFIX = "hmac-sha256:";

  private static final String ALGORITHM = "HmacSHA256";
  private static final int HASH_BYTES = 32;
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  private static final Set<PosixFilePermission> OWNER_ONLY =
      Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private final SecretKeySpec key;
  private final ThreadLocal<Mac> macs;

  private KeyPepper(byte[] key) {
    this.key = new SecretKeySpec(key, ALGORITHM);
    this.macs = ThreadLocal.withInitial(this::newMac);
    newMac(); // fails here, not on a request, if the JDK lacks HMAC-SHA256
  }

  /**
   * A pepper from its text.
   *
   * @throws IllegalArgumentException if it is shorter than {@value #MIN_LENGTH} characters
   */
  public static KeyPepper of(String pepper) {
    if (pepper == null || pepper.strip().length() < MIN_LENGTH) {
      throw new IllegalArgumentException(
          "the API key pepper must be at least "
              + MIN_LENGTH
              + " characters long; generate one with: openssl rand -base64 32");
    }
    return new KeyPepper(pepper.strip().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The pepper a node uses: {@code configured} when it is not empty, otherwise the one in {@value
   * #FILE_NAME} beside {@code keyStore}, which is created (32 random bytes, base64url) if it does
   * not exist yet. Blocking: call it off the event loop.
   *
   * @throws IOException if the file cannot be read or created
   */
  public static KeyPepper resolve(Optional<String> configured, Path keyStore, SecureRandom random)
      throws IOException {
    Optional<String> text = configured.filter(p -> !p.isBlank());
    if (text.isPresent()) {
      return of(text.get());
    }
    Path directory = directoryOf(keyStore);
    Optional<KeyPepper> existing = readFile(directory);
    if (existing.isPresent()) {
      return existing.get();
    }
    return create(directory, random);
  }

  /**
   * The generated pepper in {@code directory}, if there is one; never creates it. Blocking.
   *
   * @throws IOException if the file exists but cannot be read or holds no usable pepper
   */
  public static Optional<KeyPepper> readFile(Path directory) throws IOException {
    Path file = directory.resolve(FILE_NAME);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    if (text.length() < MIN_LENGTH) {
      throw new IOException(
          file + " holds no usable API key pepper (shorter than " + MIN_LENGTH + " characters)");
    }
    if (supportsPosix(file) && !OWNER_ONLY.containsAll(Files.getPosixFilePermissions(file))) {
      log.warn("{} is readable by others; restrict it with: chmod 600 {}", file, file);
    }
    return Optional.of(of(text));
  }

  /** The directory the key store file is in, where the generated pepper lives too. */
  public static Path directoryOf(Path keyStore) {
    Path parent = keyStore.toAbsolutePath().normalize().getParent();
    return parent != null ? parent : Path.of(".").toAbsolutePath();
  }

  private static KeyPepper create(Path directory, SecureRandom random) throws IOException {
    Files.createDirectories(directory);
    byte[] bytes = new byte[HASH_BYTES];
    random.nextBytes(bytes);
    String text = BASE64URL.encodeToString(bytes);
    Path file = directory.resolve(FILE_NAME);
    Path temporary = OwnerOnlyFiles.writeTemporary(directory, FILE_NAME, text + "\n");
    try {
      // A hard link is created only if the name is free: two processes starting together end
      // up with the same pepper instead of one overwriting the other's.
      Files.createLink(file, temporary);
    } catch (FileAlreadyExistsException e) {
      Files.deleteIfExists(temporary);
      return readFile(directory).orElseThrow(() -> new IOException(file + " disappeared"));
    } catch (UnsupportedOperationException | IOException e) {
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
      temporary = null;
    } finally {
      if (temporary != null) {
        Files.deleteIfExists(temporary);
      }
    }
    log.info("Created a random API key pepper in {}", file);
    return of(text);
  }

  static boolean supportsPosix(Path file) {
    return file.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /** The stored form of {@code secret}: {@code hmac-sha256:<base64url>}. */
  public String hash(String secret) {
    return HASH_PREFIX + BASE64URL.encodeToString(mac(secret));
  }

  /** Whether {@code secret} hashes to {@code expected}, compared in constant time. */
  boolean matches(String secret, byte[] expected) {
    return MessageDigest.isEqual(mac(secret), expected);
  }

  private byte[] mac(String secret) {
    return macs.get().doFinal(secret.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * The digest inside a stored hash.
   *
   * @throws IllegalArgumentException if {@code hash} is not {@code hmac-sha256:} followed by 32
   *     bytes in base64url
   */
  public static byte[] parseHash(String hash) {
    if (hash == null || !hash.startsWith(HASH_PREFIX)) {
      throw new IllegalArgumentException(
          "must start with " + HASH_PREFIX + " (as printed by mcp-firewall keys hash)");
    }
    byte[] digest;
    try {
      digest = Base64.getUrlDecoder().decode(hash.substring(HASH_PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("is not base64url after " + HASH_PREFIX);
    }
    if (digest.length != HASH_BYTES) {
      throw new IllegalArgumentException(
          "must hold " + HASH_BYTES + " bytes after " + HASH_PREFIX + ", not " + digest.length);
    }
    return digest;
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
    }
  }

  @Override
  public String toString() {
    return "KeyPepper[<redacted>]";
  }
}

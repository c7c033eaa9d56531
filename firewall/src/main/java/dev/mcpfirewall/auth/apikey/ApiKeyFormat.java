package dev.mcpfirewall.auth.apikey;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The text form of an API key: {@code mcpfw_<id>_<secret>}.
 *
 * <ul>
 *   <li>{@code id} is the public part, unique per key: 2 to 32 characters from {@code [a-z0-9-]}.
 *       Generated ids are 12 lowercase base32 characters; an operator may choose one ({@code ci})
 *       for a key declared in the configuration file. An id never contains {@code _}, so the key
 *       splits at the first {@code _} after the prefix (the secret may contain {@code _}).
 *   <li>{@code secret} is 32 bytes from a {@link SecureRandom}, base64url without padding: 43
 *       characters.
 * </ul>
 *
 * <pre>{@code
 * Optional<ApiKeyFormat.Parsed> key = ApiKeyFormat.parse(token); // empty for anything else
 * }</pre>
 */
public final class ApiKeyFormat {

  /** What every API key starts with, so a leaked key is easy to recognize (and to scan for). */
  public static final String PREFIX = "mcpfw_";

  /** The length of a generated id. */
  public static final int RANDOM_ID_LENGTH = 12;

  public static final int MIN_ID_LENGTH = 2;
  public static final int MAX_ID_LENGTH = 32;

  /** Random bytes in a secret. */
  public static final int SECRET_BYTES = 32;

  /** Characters in a secret: 32 bytes in base64url without padding. */
  public static final int SECRET_LENGTH = 43;

  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private ApiKeyFormat() {}

  /**
   * A key split into its parts (not verified).
   *
   * @param id the public id
   * @param secret the secret part, never logged: {@link #toString()} leaves it out
   */
  public record Parsed(String id, String secret) {
    @Override
    public String toString() {
      return "Parsed[id=" + id + ", secret=<redacted>]";
    }
  }

  /**
   * Splits {@code token} into id and secret; empty for anything that is not a well-formed key
   * (null, wrong prefix, missing or malformed parts). Never throws.
   */
  public static Optional<Parsed> parse(String token) {
    if (token == null
        || token.length() > PREFIX.length() + MAX_ID_LENGTH + 1 + SECRET_LENGTH
        || !token.startsWith(PREFIX)) {
      return Optional.empty();
    }
    int separator = token.indexOf('_', PREFIX.length());
    if (separator < 0 || token.length() - separator - 1 != SECRET_LENGTH) {
      return Optional.empty();
    }
    String id = token.substring(PREFIX.length(), separator);
    String secret = token.substring(separator + 1);
    if (!isValidId(id) || !isValidSecret(secret)) {
      return Optional.empty();
    }
    return Optional.of(new Parsed(id, secret));
  }

  /** Whether {@code id} may be a key's public id: 2 to 32 characters from {@code [a-z0-9-]}. */
  public static boolean isValidId(String id) {
    if (id == null || id.length() < MIN_ID_LENGTH || id.length() > MAX_ID_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code secret} has the shape of a key secret: 43 base64url characters. */
  public static boolean isValidSecret(String secret) {
    if (secret == null || secret.length() != SECRET_LENGTH) {
      return false;
    }
    for (int i = 0; i < secret.length(); i++) {
      char c = secret.charAt(i);
      if (!((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_')) {
        return false;
      }
    }
    return true;
  }

  /** A new random id: 12 lowercase base32 characters (60 bits). */
  public static String randomId(SecureRandom random) {
    char[] id = new char[RANDOM_ID_LENGTH];
    for (int i = 0; i < id.length; i++) {
      id[i] = BASE32[random.nextInt(BASE32.length)];
    }
    return new String(id);
  }

  /** A new secret: 32 random bytes, base64url without padding. */
  public static String randomSecret(SecureRandom random) {
    byte[] bytes = new byte[SECRET_BYTES];
    random.nextBytes(bytes);
    return BASE64URL.encodeToString(bytes);
  }

  /** The key a client presents. */
  public static String format(String id, String secret) {
    if (!isValidId(id) || !isValidSecret(secret)) {
      throw new IllegalArgumentException("not a valid key id and secret");
    }
    return PREFIX + id + "_" + secret;
  }
}

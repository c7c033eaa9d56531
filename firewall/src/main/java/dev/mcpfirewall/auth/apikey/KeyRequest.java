package dev.mcpfirewall.auth.apikey;

import dev.mcpfirewall.auth.apikey.KeyOperationException.Reason;
import dev.mcpfirewall.config.AuthConfig.KeyPolicy;
import dev.mcpfirewall.config.AuthConfig.KeyScopes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What a new runtime key is asked to be, checked before anything is generated. */
record KeyRequest(
    Optional<String> id, String owner, List<String> roles, KeyScopes scopes, Duration ttl) {
  private static final int MAX_OWNER_LENGTH = 200;
  private static final int MAX_ROLE_LENGTH = 100;

  /**
   * @throws KeyOperationException ({@link Reason#INVALID}) naming the first unusable argument
   */
  static KeyRequest checked(
      Optional<String> id,
      String owner,
      List<String> roles,
      KeyScopes scopes,
      Optional<Duration> ttl,
      KeyPolicy policy) {
    if (id.isPresent() && !ApiKeyFormat.isValidId(id.get())) {
      throw invalid("a key id must be 2 to 32 characters from a-z, 0-9 and '-'");
    }
    if (!isPrintable(owner, MAX_OWNER_LENGTH)) {
      throw invalid(
          "the owner must be 1 to " + MAX_OWNER_LENGTH + " characters without control characters");
    }
    if (roles.isEmpty()) {
      throw invalid("a key needs at least one role");
    }
    for (String role : roles) {
      if (!isPrintable(role, MAX_ROLE_LENGTH) || role.chars().anyMatch(Character::isWhitespace)) {
        throw invalid("role names must be 1 to " + MAX_ROLE_LENGTH + " visible characters");
      }
    }
    for (String cidr : scopes.sourceCidrs()) {
      try {
        Cidr.parse(cidr);
      } catch (IllegalArgumentException e) {
        throw invalid("source CIDR " + e.getMessage());
      }
    }
    Duration lifetime = ttl.orElse(policy.maxAge());
    if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(policy.maxAge()) > 0) {
      throw invalid(
          "the time to live must be positive and at most the maximum key age ("
              + policy.maxAge().toDays()
              + " days)");
    }
    return new KeyRequest(id, owner, List.copyOf(roles), scopes, lifetime);
  }

  private static boolean isPrintable(String text, int maxLength) {
    return text != null
        && !text.isBlank()
        && text.length() <= maxLength
        && text.chars().noneMatch(Character::isISOControl);
  }

  private static KeyOperationException invalid(String message) {
    return new KeyOperationException(Reason.INVALID, message);
  }
}

package dev.mcpfirewall.auth.lockout;

/**
 * The failure state of one subject (a source address or a key id). Not thread-safe: it is only
 * touched under its {@link SubjectTable} segment's lock. Times are clock milliseconds.
 */
final class Subject {
  private static final int TRUSTED_SOURCES = 4;
  private static final int MAX_LEVEL = 62;

  private int failures;
  private long windowStart;
  private long lastFailure;
  private long lockedUntil;
  private int level;
  private String[] trusted;
  private int nextTrusted;

  /** The limits a subject is held to, in milliseconds. */
  record Policy(
      int threshold, long windowMillis, long initialBackoffMillis, long maxBackoffMillis) {}

  /**
   * A lockout that just began.
   *
   * @param failures the failures that led to it
   * @param backoffMillis how long it lasts
   * @param atMax whether the backoff has reached the maximum
   * @param consecutive how many lockouts in a row this subject has had without a quiet window
   */
  record Lockout(int failures, long backoffMillis, boolean atMax, int consecutive) {}

  boolean lockedAt(long now) {
    return now < lockedUntil;
  }

  long remainingMillis(long now) {
    return Math.max(0, lockedUntil - now);
  }

  /**
   * Counts a failed authentication. Failures are counted in a window that opens at the first one;
   * reaching the threshold inside it locks the subject out. Returns the lockout that began, or
   * null.
   */
  Lockout fail(long now, Policy policy) {
    if (lockedAt(now)) {
      // Callers refuse locked-out subjects before verifying anything; a failure that slips in
      // (a race with the lockout) only postpones the quiet period.
      lastFailure = now;
      return null;
    }
    level = levelAt(now, policy);
    if (failures == 0 || now - windowStart >= policy.windowMillis()) {
      failures = 0;
      windowStart = now;
    }
    failures++;
    lastFailure = now;
    if (failures < policy.threshold()) {
      return null;
    }
    long backoff = backoff(level, policy);
    int counted = failures;
    failures = 0;
    lockedUntil = now + backoff;
    level = Math.min(MAX_LEVEL, level + 1);
    return new Lockout(counted, backoff, backoff >= policy.maxBackoffMillis(), level);
  }

  /** A success restarts the count of failures; a lockout in force and the backoff level stay. */
  void succeed() {
    failures = 0;
  }

  /** Remembers a source that proved it holds this key (the last few distinct ones). */
  void trust(String source) {
    if (trusts(source)) {
      return;
    }
    if (trusted == null) {
      trusted = new String[TRUSTED_SOURCES];
    }
    trusted[nextTrusted] = source;
    nextTrusted = (nextTrusted + 1) % TRUSTED_SOURCES;
  }

  boolean trusts(String source) {
    if (trusted == null) {
      return false;
    }
    for (String s : trusted) {
      if (source.equals(s)) {
        return true;
      }
    }
    return false;
  }

  /** Nothing worth remembering: not locked, no failures in the window, no backoff history. */
  boolean idle(long now, Policy policy) {
    return !lockedAt(now)
        && (failures == 0 || now - windowStart >= policy.windowMillis())
        && levelAt(now, policy) == 0
        && trusted == null;
  }

  /** The backoff level after decay: one level less per whole quiet window since the last event. */
  private int levelAt(long now, Policy policy) {
    if (level == 0 || policy.windowMillis() <= 0) {
      return level;
    }
    long quiet = now - Math.max(lastFailure, lockedUntil);
    if (quiet < policy.windowMillis()) {
      return level;
    }
    return (int) Math.max(0, level - quiet / policy.windowMillis());
  }

  static long backoff(int level, Policy policy) {
    long max = policy.maxBackoffMillis();
    long backoff = Math.min(policy.initialBackoffMillis(), max);
    for (int i = 0; i < level && backoff < max; i++) {
      backoff = backoff > max / 2 ? max : backoff * 2;
    }
    return backoff;
  }
}

package dev.mcpfirewall.auth.lockout;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The failure state of subjects (source addresses or key ids), bounded in size. The table is split
 * into segments, each a small access-ordered map under its own lock, so lookups are O(1) and
 * threads on different event loops rarely wait for each other. When a segment is full, the least
 * recently seen subject goes, preferring one that is not locked out: a flood of new addresses can
 * push out quiet subjects, but a locked-out attacker that keeps knocking stays recently seen and
 * stays locked.
 */
final class SubjectTable {
  private static final int SEGMENTS = 16;
  private static final int EVICTION_SCAN = 8;

  private final Segment[] segments;
  private final int mask;

  SubjectTable(int maxSubjects) {
    if (maxSubjects < 1) {
      throw new IllegalArgumentException("maxSubjects must be at least 1");
    }
    int count = maxSubjects >= SEGMENTS * 64 ? SEGMENTS : 1;
    this.segments = new Segment[count];
    this.mask = count - 1;
    for (int i = 0; i < count; i++) {
      segments[i] = new Segment(maxSubjects / count);
    }
  }

  /**
   * Runs {@code action} on the subject's state under its segment's lock. The state is created if
   * {@code create} is set and it does not exist; otherwise {@code action} gets null. The action
   * returns whether the state is worth keeping; if not it is removed.
   */
  <R> R with(String subject, long now, boolean create, Function<Subject, Result<R>> action) {
    Segment segment = segments[spread(subject.hashCode()) & mask];
    synchronized (segment) {
      Subject state = segment.map.get(subject);
      if (state == null && create) {
        state = new Subject();
        segment.map.put(subject, state);
        segment.evictIfFull(now);
      }
      Result<R> result = action.apply(state);
      if (state != null && !result.keep()) {
        segment.map.remove(subject);
      }
      return result.value();
    }
  }

  /** How many subjects are tracked (a moment's view, for tests and gauges). */
  int size() {
    int size = 0;
    for (Segment segment : segments) {
      synchronized (segment) {
        size += segment.map.size();
      }
    }
    return size;
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }

  /** What an action returns: its value, and whether the subject's state is worth keeping. */
  record Result<R>(R value, boolean keep) {}

  private static final class Segment {
    final LinkedHashMap<String, Subject> map = new LinkedHashMap<>(16, 0.75f, true);
    final int capacity;

    Segment(int capacity) {
      this.capacity = Math.max(1, capacity);
    }

    void evictIfFull(long now) {
      if (map.size() <= capacity) {
        return;
      }
      // Never the newest entry: that is the subject being created.
      int scan = Math.min(EVICTION_SCAN, map.size() - 1);
      Iterator<Map.Entry<String, Subject>> eldest = map.entrySet().iterator();
      for (int i = 0; i < scan; i++) {
        if (!eldest.next().getValue().lockedAt(now)) {
          eldest.remove();
          return;
        }
      }
      eldest = map.entrySet().iterator();
      eldest.next();
      eldest.remove();
    }
  }
}

package dev.mcpfirewall.plugins.secrets;

import java.util.Arrays;

/**
 * The stretches of one text a rule's regex must search: around each occurrence of one of its
 * keywords, merged where they overlap. Built during one scan, then read; not shared.
 */
final class Windows {
  private int[] starts = new int[4];
  private int[] ends = new int[4];
  private int size;
  private boolean whole;

  /** Marks the whole text as to be searched. */
  void all() {
    whole = true;
  }

  boolean isWhole() {
    return whole;
  }

  /** Adds {@code [start, end)}, merging it with the previous window when they touch. */
  void add(int start, int end) {
    if (whole) {
      return;
    }
    if (size > 0 && start <= ends[size - 1]) {
      ends[size - 1] = Math.max(ends[size - 1], end);
      starts[size - 1] = Math.min(starts[size - 1], start);
      return;
    }
    if (size == starts.length) {
      starts = Arrays.copyOf(starts, size * 2);
      ends = Arrays.copyOf(ends, size * 2);
    }
    starts[size] = start;
    ends[size] = end;
    size++;
  }

  int size() {
    return size;
  }

  int start(int i) {
    return starts[i];
  }

  int end(int i) {
    return ends[i];
  }
}

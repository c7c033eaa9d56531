package dev.mcpfirewall.audit.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The segment a {@link ChainWriter} is writing: its file, its size (counting lines accepted for it
 * but not yet written, so that a batch rolls before it overflows), and whether it holds bytes not
 * yet synced. Each batch goes out in one write. Writer thread only.
 */
final class SegmentFile {
  private final Path dir;
  private final long maxBytes;

  private FileChannel channel;
  private Path file;
  private long number;
  private long size;
  private boolean dirty;

  /**
   * @param number the highest segment number already in {@code dir} (0: none)
   */
  SegmentFile(Path dir, long maxBytes, long number) {
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.number = number;
  }

  /** Creates the next segment file and makes it current. */
  void openNext() throws IOException {
    number++;
    file = dir.resolve(Segments.name(number));
    channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND);
    size = 0;
    syncDirectory(dir);
  }

  /** The current segment's file. */
  Path file() {
    return file;
  }

  /** The current segment's number. */
  long number() {
    return number;
  }

  /** True when a line of {@code length} bytes no longer fits a segment that holds something. */
  boolean overflows(int length) {
    return size + length + 1 > maxBytes && size > 0;
  }

  /** Counts {@code line} (and its newline) against the current segment. */
  void account(byte[] line) {
    size += line.length + 1;
  }

  /** Writes {@code lines}, each followed by a newline, in one write. */
  void write(List<byte[]> lines) throws IOException {
    int total = 0;
    for (byte[] l : lines) {
      total += l.length + 1;
    }
    ByteBuffer buffer = ByteBuffer.allocate(total);
    for (byte[] l : lines) {
      buffer.put(l).put((byte) '\n');
    }
    buffer.flip();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /** Syncs what was written. */
  void force() throws IOException {
    channel.force(false);
    dirty = false;
  }

  /** Notes that written bytes wait for a sync. */
  void markDirty() {
    dirty = true;
  }

  boolean dirty() {
    return dirty;
  }

  void syncIfDirty() throws IOException {
    if (dirty) {
      force();
    }
  }

  boolean isOpen() {
    return channel.isOpen();
  }

  void close() throws IOException {
    channel.close();
  }

  /** Syncs {@code dir}'s entries (new or deleted files), where the platform can. */
  static void syncDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not every platform can sync a directory; the segment's own sync still holds its bytes.
    }
  }
}

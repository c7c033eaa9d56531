package dev.mcpfirewall.audit.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock on an audit directory's {@code writer.lock} file, held by its one {@link ChainWriter}
 * from open to close: a second firewall process (or a second writer in this one) pointed at the
 * same directory is refused instead of interleaving records into the chain.
 */
final class WriterLock {
  private final FileChannel channel;
  private final FileLock lock;

  private WriterLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock on {@code dir}.
   *
   * @throws IllegalStateException when another writer holds it
   */
  static WriterLock acquire(Path dir) throws IOException {
    FileChannel channel =
        FileChannel.open(
            dir.resolve("writer.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException sameProcess) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new IllegalStateException(
          "the audit directory " + dir + " is in use by another firewall process");
    }
    return new WriterLock(channel, lock);
  }

  void release() throws IOException {
    lock.release();
    channel.close();
  }
}

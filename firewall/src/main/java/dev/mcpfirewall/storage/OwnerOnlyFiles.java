package dev.mcpfirewall.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;

/**
 * Writes the firewall's state files (key store, pepper, tool pins) so that a crash leaves either
 * the old or the new file, never a torn one, and so that only the owner can read them where the
 * file system has POSIX permissions.
 */
public final class OwnerOnlyFiles {
  private OwnerOnlyFiles() {}

  /** Replaces {@code file} with {@code text}: temporary file, forced to disk, atomic move. */
  public static void replace(Path file, String text) throws IOException {
    Path directory = file.toAbsolutePath().normalize().getParent();
    Files.createDirectories(directory);
    Path temporary = writeTemporary(directory, file.getFileName().toString(), text);
    try {
      Files.move(
          temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      Files.deleteIfExists(temporary);
      throw e;
    }
  }

  /**
   * Writes {@code text} to a new temporary file beside {@code name} in {@code directory}, readable
   * only by its owner, and forces it to disk.
   *
   * @return the temporary file, for the caller to move into place
   */
  public static Path writeTemporary(Path directory, String name, String text) throws IOException {
    Path temporary = directory.resolve("." + name + "." + UUID.randomUUID() + ".tmp");
    FileAttribute<?>[] attributes =
        supportsPosix(directory)
            ? new FileAttribute<?>[] {
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
            }
            : new FileAttribute<?>[0];
    try (FileChannel channel =
        FileChannel.open(
            temporary,
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            attributes)) {
      ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(temporary);
      throw e;
    }
    return temporary;
  }

  /** True when {@code path}'s file system has POSIX permissions. */
  public static boolean supportsPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}

package dev.mcpfirewall.integrity;

import java.io.IOException;
import java.util.List;

/**
 * Where tool pins survive a restart. One node keeps them in a file ({@link FilePinStore}); the
 * cluster will replicate them behind this same interface. Called off the event loop.
 */
public interface PinStore {

  List<ToolPin> load() throws IOException;

  /** Replaces the stored pins with {@code pins}, atomically. */
  void save(List<ToolPin> pins) throws IOException;
}

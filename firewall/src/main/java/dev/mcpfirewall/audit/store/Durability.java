package dev.mcpfirewall.audit.store;

/**
 * When an appended record counts as durable, i.e. when {@code append}'s future completes and a
 * request may be forwarded.
 */
public enum Durability {
  /**
   * After the batch holding the record was written and {@code fsync}ed (the default): the record
   * survives a process kill and a power loss.
   */
  FSYNC,
  /**
   * After the batch was written to the operating system: the record survives a process kill
   * (SIGKILL) but not a power loss or kernel crash; files are synced at checkpoints and segment
   * rolls. Several times faster on slow disks.
   */
  OS
}

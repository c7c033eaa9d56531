package dev.mcpfirewall.config;

/**
 * One thing wrong with a configuration file, before it is given a line and column.
 *
 * @param pointer JSON pointer of the offending value inside the file ({@code ""} for the top level)
 * @param message what was expected, in plain words; never repeats the value, which may have come
 *     from a secret in the environment
 * @param atKey whether the problem is the key itself (unknown, duplicate, not allowed here) rather
 *     than its value, so that the reported position is the key's
 */
record ConfigProblem(String pointer, String message, boolean atKey) {

  static ConfigProblem at(String pointer, String message) {
    return new ConfigProblem(pointer, message, false);
  }

  static ConfigProblem atKey(String pointer, String message) {
    return new ConfigProblem(pointer, message, true);
  }

  /** {@code pointer} extended by one object key or array index, escaped as RFC 6901 asks. */
  static String child(String pointer, Object keyOrIndex) {
    return pointer + "/" + String.valueOf(keyOrIndex).replace("~", "~0").replace("/", "~1");
  }

  /** The pointer as shown to the operator: the top level is {@code /}. */
  String displayPointer() {
    return pointer.isEmpty() ? "/" : pointer;
  }
}

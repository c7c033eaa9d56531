/**
 * The contract between the MCP Firewall and detector plugins.
 *
 * <p>A plugin contributes one or more {@link dev.mcpfirewall.plugins.api.Detector} extensions. The
 * firewall hands each detector its validated configuration through a {@link
 * dev.mcpfirewall.plugins.api.DetectorContext} and receives an {@link
 * dev.mcpfirewall.plugins.api.Inspector}: an immutable, thread-safe object that turns an {@link
 * dev.mcpfirewall.plugins.api.Inspection} (the text segments of one MCP message, with where they
 * came from) into {@link dev.mcpfirewall.plugins.api.Finding}s. The firewall decides what to do
 * with findings (allow, monitor, redact, block) by policy; detectors only report.
 *
 * <p>A minimal detector:
 *
 * <pre>{@code
 * @Extension
 * public final class BadWordDetector implements Detector {
 *   public String id() { return "acme-bad-words"; }
 *
 *   public String configSchema() {
 *     return "{\"type\":\"object\",\"properties\":{\"word\":{\"type\":\"string\"}}}";
 *   }
 *
 *   public Inspector configure(DetectorContext context) {
 *     String word = context.config().getString("word", "forbidden");
 *     return inspection -> {
 *       List<Finding> found = new ArrayList<>();
 *       for (TextSegment segment : inspection.segments()) {
 *         int at = segment.text().indexOf(word);
 *         if (at >= 0) {
 *           found.add(Finding.builder("acme.bad-word", "acme-bad-word-1")
 *               .severity(Severity.MEDIUM)
 *               .at(segment, at, at + word.length())
 *               .build());
 *         }
 *       }
 *       return found;
 *     };
 *   }
 * }
 * }</pre>
 *
 * <p>Rules every detector follows: {@link dev.mcpfirewall.plugins.api.Inspector#inspect} is pure
 * computation (no I/O, no sleeping, no threads of its own), is safe to call from many threads at
 * once, and finishes in linear time in the size of its input. The host runs it with a deadline and
 * contains exceptions, hangs and slowness, but a well-behaved detector never relies on that.
 */
package dev.mcpfirewall.plugins.api;

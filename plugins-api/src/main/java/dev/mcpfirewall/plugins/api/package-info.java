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
 * <p>Packaging: the detector is an {@code @Extension} in a PF4J plugin (a zip with {@code
 * plugin.properties}, {@code classes/} and {@code lib/}, or a jar with {@code Plugin-*} manifest
 * attributes) that declares the API range it needs, e.g. {@code plugin.requires=>=1.0.0 & <2.0.0}
 * (see {@link dev.mcpfirewall.plugins.api.PluginApi}). Depend on this API and on PF4J with {@code
 * provided} scope; PF4J's annotation processor writes the {@code META-INF/extensions.idx} the
 * firewall finds extensions by. The {@code plugins-testkit} module runs a detector against cases in
 * JUnit and builds plugin archives; {@code docs/plugins.md} covers configuration, signing and fail
 * modes.
 *
 * <p>What the firewall does with a detector's work: it extracts every string of a message with its
 * JSON pointer, normalises it and decodes nested encodings into further segments ({@link
 * dev.mcpfirewall.plugins.api.TextSegment}); runs each enabled detector on a worker thread with a
 * deadline; maps every finding's span back to the original string; and judges it by policy
 * (category prefix, severity, direction, the caller's roles, the upstream) and by the detector's
 * mode ({@code enforce} or {@code monitor}). A detector that throws or misses its deadline is
 * judged by its fail mode ({@code open} or {@code closed}); one that keeps failing is taken out by
 * a circuit breaker.
 *
 * <p>Rules every detector follows: {@link dev.mcpfirewall.plugins.api.Inspector#inspect} is pure
 * computation (no I/O, no sleeping, no threads of its own), is safe to call from many threads at
 * once, and finishes in linear time in the size of its input. The host runs it with a deadline and
 * contains exceptions, hangs and slowness, but a well-behaved detector never relies on that.
 */
package dev.mcpfirewall.plugins.api;

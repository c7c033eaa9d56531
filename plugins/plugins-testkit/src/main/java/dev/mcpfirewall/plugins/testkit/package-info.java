/**
 * Test support for detector plugin vendors: {@link dev.mcpfirewall.plugins.testkit.DetectorHarness}
 * runs a detector against {@link dev.mcpfirewall.plugins.testkit.DetectorCase}s in JUnit (one
 * dynamic test per case), {@link dev.mcpfirewall.plugins.testkit.PluginArchive} builds the plugin
 * zip the firewall loads, and {@link dev.mcpfirewall.plugins.testkit.SchemaCheck} checks what the
 * firewall would refuse. Depend on it with test scope.
 */
package dev.mcpfirewall.plugins.testkit;

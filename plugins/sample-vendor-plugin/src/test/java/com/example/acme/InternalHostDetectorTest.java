package com.example.acme;

import dev.mcpfirewall.plugins.api.Direction;
import dev.mcpfirewall.plugins.testkit.DetectorCase;
import dev.mcpfirewall.plugins.testkit.DetectorHarness;
import dev.mcpfirewall.plugins.testkit.SchemaCheck;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The vendor's own tests, with the firewall's testkit. */
class InternalHostDetectorTest {
  private final DetectorHarness harness =
      DetectorHarness.of(
          new InternalHostDetector(), Map.of("domains", List.of("corp.acme.example")));

  @TestFactory
  Stream<DynamicTest> cases() {
    return harness.cases(
        DetectorCase.of("deploying to build-07.corp.acme.example now")
            .expect("acme.internal-hostname", "acme-internal-host", "build-07.corp.acme.example")
            .exactly(),
        DetectorCase.of("DB at PG-1.EU.CORP.ACME.EXAMPLE:5432")
            .direction(Direction.OUTBOUND)
            .expect("acme", "acme-internal-host", "PG-1.EU.CORP.ACME.EXAMPLE"),
        DetectorCase.of("see corp.acme.example.org or www.acme.example").expectNothing(),
        DetectorCase.of("just prose about the corp").expectNothing());
  }

  @Test
  void describesItselfAsTheFirewallRequires() {
    SchemaCheck.check(new InternalHostDetector());
  }
}

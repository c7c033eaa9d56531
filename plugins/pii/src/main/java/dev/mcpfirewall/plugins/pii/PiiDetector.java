package dev.mcpfirewall.plugins.pii;

import dev.mcpfirewall.plugins.api.Detector;
import dev.mcpfirewall.plugins.api.DetectorConfig;
import dev.mcpfirewall.plugins.api.DetectorContext;
import dev.mcpfirewall.plugins.api.Direction;
import dev.mcpfirewall.plugins.api.Inspector;
import dev.mcpfirewall.plugins.api.Severity;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.pf4j.Extension;

/**
 * The bundled PII (data classification) detector: email addresses, phone numbers, payment cards
 * (Luhn-checked), IBANs (mod-97-checked), national identifiers (US SSN, UK NINO, Canadian SIN,
 * French NIR, Spanish DNI, each validated) and IP addresses. Its {@code pii.*} categories drive
 * audit redaction and are recorded per message.
 *
 * <p>Configuration (see {@code pii.schema.json}): {@code kinds} (default all), {@code severities}
 * (kind to severity), {@code includePrivateIps} (default false: loopback, private and link-local
 * addresses are not personal data), {@code directions} (default all), {@code maxFindingsPerSegment}
 * (default 100).
 */
@Extension(ordinal = 30)
public final class PiiDetector implements Detector {
  /** This detector's id. */
  public static final String ID = "pii";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String configSchema() {
    return Detector.schemaResource(getClass(), "pii.schema.json");
  }

  @Override
  public Inspector configure(DetectorContext context) {
    DetectorConfig config = context.config();
    Set<PiiKind> kinds = EnumSet.allOf(PiiKind.class);
    List<String> named = config.getStrings("kinds");
    if (!named.isEmpty()) {
      kinds = EnumSet.noneOf(PiiKind.class);
      for (String name : named) {
        kinds.add(PiiKind.byConfigName(name));
      }
    }
    Map<PiiKind, Severity> severities = new EnumMap<>(PiiKind.class);
    config
        .getObject("severities")
        .asMap()
        .forEach(
            (kind, severity) ->
                severities.put(
                    PiiKind.byConfigName(kind),
                    Severity.valueOf(String.valueOf(severity).toUpperCase(Locale.ROOT))));
    Set<Direction> directions = EnumSet.allOf(Direction.class);
    List<String> directionNames = config.getStrings("directions");
    if (!directionNames.isEmpty()) {
      directions = EnumSet.noneOf(Direction.class);
      for (String name : directionNames) {
        directions.add(Direction.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_')));
      }
    }
    return new PiiScanner(
        kinds,
        severities,
        directions,
        config.getBoolean("includePrivateIps", false),
        config.getInt("maxFindingsPerSegment", 100));
  }
}

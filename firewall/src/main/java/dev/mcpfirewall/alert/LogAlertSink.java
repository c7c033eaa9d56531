package dev.mcpfirewall.alert;

import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each alert as one structured line ({@code key=value} pairs, logfmt style) to the logger
 * {@value #LOGGER}: {@code INFO} alerts at INFO, {@code WARNING} at WARN, {@code CRITICAL} at
 * ERROR. Operators route that logger to their SIEM.
 *
 * <pre>
 * alert type=auth.lockout severity=WARNING time=2026-01-05T10:00:00Z summary="Source 203.0.113.7 locked out for 30s" failures=10 lockedFor=PT30S scope=source subject=203.0.113.7
 * </pre>
 *
 * <p>Attribute values may carry what a client sent (a key id it presented), so control and line
 * breaking characters are escaped: one alert is always exactly one line, and a client cannot forge
 * log lines.
 */
public final class LogAlertSink implements AlertSink {
  /** The logger alerts are written to. */
  public static final String LOGGER = "dev.mcpfirewall.alerts";

  private final Logger log;

  public LogAlertSink() {
    this.log = LoggerFactory.getLogger(LOGGER);
  }

  @Override
  public void send(Alert alert) {
    switch (alert.severity()) {
      case INFO -> {
        if (log.isInfoEnabled()) {
          log.info(line(alert));
        }
      }
      case WARNING -> {
        if (log.isWarnEnabled()) {
          log.warn(line(alert));
        }
      }
      case CRITICAL -> {
        if (log.isErrorEnabled()) {
          log.error(line(alert));
        }
      }
    }
  }

  /** The alert as one logfmt line; attributes sorted by name so lines are stable. */
  static String line(Alert alert) {
    StringBuilder line = new StringBuilder(128).append("alert");
    pair(line, "type", alert.type());
    pair(line, "severity", alert.severity().name());
    pair(line, "time", String.valueOf(alert.time()));
    pair(line, "summary", alert.summary());
    for (Map.Entry<String, String> attribute : new TreeMap<>(alert.attributes()).entrySet()) {
      pair(line, attribute.getKey(), attribute.getValue());
    }
    return line.toString();
  }

  private static void pair(StringBuilder line, String key, String value) {
    line.append(' ');
    appendKey(line, key);
    line.append('=');
    appendValue(line, value == null ? "" : value);
  }

  private static void appendKey(StringBuilder line, String key) {
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      line.append(c > ' ' && c < 0x7f && c != '=' && c != '"' ? c : '_');
    }
  }

  private static void appendValue(StringBuilder line, String value) {
    boolean quote = value.isEmpty();
    for (int i = 0; i < value.length() && !quote; i++) {
      char c = value.charAt(i);
      quote = c <= ' ' || c == '"' || c == '=' || c == '\\' || c >= 0x7f;
    }
    if (!quote) {
      line.append(value);
      return;
    }
    line.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> line.append("\\\"");
        case '\\' -> line.append("\\\\");
        case '\n' -> line.append("\\n");
        case '\r' -> line.append("\\r");
        case '\t' -> line.append("\\t");
        default -> {
          if (needsEscape(c)) {
            line.append(String.format("\\u%04x", (int) c));
          } else {
            line.append(c);
          }
        }
      }
    }
    line.append('"');
  }

  /** Control characters, and the Unicode ones that break or reorder lines in a viewer. */
  private static boolean needsEscape(char c) {
    return c < ' '
        || (c >= 0x7f && c <= 0x9f)
        || c == '\u2028'
        || c == '\u2029'
        || (c >= '\u202a' && c <= '\u202e')
        || (c >= '\u2066' && c <= '\u2069')
        || c == '\u200e'
        || c == '\u200f'
        || c == '\u061c';
  }
}

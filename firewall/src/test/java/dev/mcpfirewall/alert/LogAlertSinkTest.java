package dev.mcpfirewall.alert;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogAlertSinkTest {
  private static final Instant TIME = Instant.parse("2026-01-05T10:00:00Z");

  private final Logger logger = (Logger) LoggerFactory.getLogger(LogAlertSink.LOGGER);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  @BeforeEach
  void attach() {
    appender.start();
    logger.addAppender(appender);
  }

  @AfterEach
  void detach() {
    logger.detachAppender(appender);
  }

  @Test
  void writesOneStructuredLinePerAlertAtALevelBySeverity() {
    LogAlertSink sink = new LogAlertSink();

    sink.send(
        new Alert(
            "auth.lockout",
            Alert.Severity.WARNING,
            "Source 203.0.113.7 locked out for 30s",
            Map.of("scope", "source", "subject", "203.0.113.7", "lockedFor", "PT30S"),
            TIME));
    sink.send(
        new Alert("auth.lockout", Alert.Severity.CRITICAL, "max", Map.of("scope", "key"), TIME));
    sink.send(new Alert("key.expiring", Alert.Severity.INFO, "soon", Map.of(), TIME));

    assertThat(appender.list)
        .extracting(ILoggingEvent::getLevel)
        .containsExactly(Level.WARN, Level.ERROR, Level.INFO);
    assertThat(appender.list.get(0).getFormattedMessage())
        .isEqualTo(
            "alert type=auth.lockout severity=WARNING time=2026-01-05T10:00:00Z"
                + " summary=\"Source 203.0.113.7 locked out for 30s\" lockedFor=PT30S"
                + " scope=source subject=203.0.113.7");
  }

  @Test
  void clientSuppliedValuesCannotBreakTheLine() {
    new LogAlertSink()
        .send(
            new Alert(
                "auth.lockout",
                Alert.Severity.WARNING,
                "Key id x locked out",
                Map.of("subject", "ci\nalert type=fake severity=INFO \"quoted\" \u202eevil"),
                TIME));

    String line = appender.list.get(0).getFormattedMessage();
    assertThat(line).doesNotContain("\n").doesNotContain("\u202e");
    assertThat(line)
        .endsWith(" subject=\"ci\\nalert type=fake severity=INFO \\\"quoted\\\" \\u202eevil\"");
  }
}

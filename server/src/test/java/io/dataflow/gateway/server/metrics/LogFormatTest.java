package io.dataflow.gateway.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.dataflow.gateway.server.GatewayConfiguration;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.logging.common.ConsoleAppenderFactory;
import io.dropwizard.logging.common.DefaultLoggingFactory;
import io.dropwizard.logging.common.DropwizardLayout;
import java.nio.file.Path;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/** The log format of the shipped config.yml puts a run's fields on its lines and nothing on others. */
class LogFormatTest {

  @Test
  void aLineAboutARunCarriesItsFields() throws Exception {
    String line = render(Map.of(LogFields.RUN_ID, "run-42", LogFields.DATASET, "analytics.daily_sales"), "Run run-42: task t1");

    assertThat(line).matches("INFO  \\[.*] \\[dataflow-run-1] io.dataflow.gateway.server.dataflow.Execution: \\[.*] Run run-42: task t1\n");
    assertThat(line).contains("run_id=run-42").contains("dataset=analytics.daily_sales");
  }

  @Test
  void aLineAboutNoRunHasNoEmptyBrackets() throws Exception {
    String line = render(Map.of(), "Gateway ready");

    assertThat(line).endsWith("io.dataflow.gateway.server.dataflow.Execution: Gateway ready\n").doesNotContain("[]");
  }

  private static String render(Map<String, String> mdc, String message) throws Exception {
    GatewayConfiguration shipped =
        new YamlConfigurationFactory<>(GatewayConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw")
            .build(new FileConfigurationSourceProvider(), Path.of("..", "config.yml").toString());
    var appender = (ConsoleAppenderFactory<?>) ((DefaultLoggingFactory) shipped.getLoggingFactory()).getAppenders().getFirst();
    LoggerContext context = new LoggerContext();
    DropwizardLayout layout = new DropwizardLayout(context, TimeZone.getTimeZone("UTC"));
    layout.setPattern(appender.getLogFormat());
    layout.start();
    LoggingEvent event = new LoggingEvent();
    event.setLoggerName("io.dataflow.gateway.server.dataflow.Execution");
    event.setLevel(Level.INFO);
    event.setThreadName("dataflow-run-1");
    event.setMessage(message);
    event.setTimeStamp(0);
    event.setMDCPropertyMap(mdc);
    event.setLoggerContext(context);
    return layout.doLayout(event);
  }
}

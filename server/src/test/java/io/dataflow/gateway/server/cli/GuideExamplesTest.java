package io.dataflow.gateway.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.gateway.server.GatewayConfiguration;
import io.dataflow.gateway.server.guides.GuideExamples;
import io.dataflow.gateway.server.guides.GuideExamples.Example;
import io.dataflow.gateway.server.guides.GuideExamples.Kind;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example of the migration guides that needs no running gateway, run as the guides say: task
 * SQL through the {@code annotate} command with the guide's own tables file, configurations through
 * the gateway's configuration parser, engine properties parsed; and no fenced block of a guide goes
 * unchecked. The examples that need a gateway (curl, Trino) run in {@code DemoIT}.
 */
class GuideExamplesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final GuideExamples.Guides GUIDES = GuideExamples.read(GuideExamples.directory());

  @TempDir Path dir;

  @Test
  void everyFencedBlockOfEveryGuideIsChecked() {
    assertThat(GUIDES.problems()).isEmpty();
    assertThat(GUIDES.examples()).isNotEmpty();
  }

  @Test
  void aFencedBlockWithoutCheckIsReportedWithItsGuideAndLine() throws IOException {
    Files.writeString(dir.resolve("unchecked.md"), """
        # A guide

        <!-- check: annotate -->
        ```sql
        SELECT 1
        ```
        <!-- expect -->
        ```json
        {}
        ```

        ```bash
        curl -s localhost:8080/api/v1/dags
        ```
        """);
    assertThat(GuideExamples.read(dir).problems()).containsExactly(
        "unchecked.md:12: a ```bash block that no test checks: precede it with <!-- check: KIND --> (see README.md, How the examples are checked)");
  }

  @Test
  void everyExampleThatShowsAnOutputSaysWhatItExpects() {
    for (Example example : GUIDES.examples()) {
      if (example.kind() == Kind.ANNOTATE || example.kind() == Kind.ANNOTATE_ERROR || example.kind() == Kind.API) {
        assertThat(example.expect()).as("%s: a %s example needs an <!-- expect --> block", example.where(), example.kind()).isPresent();
      }
    }
  }

  @Test
  void everyAnnotateExampleAnnotatesAsTheGuideSays() throws IOException {
    Map<String, Path> schemas = schemas();
    List<Example> examples = GUIDES.examples().stream().filter(e -> e.kind() == Kind.ANNOTATE || e.kind() == Kind.ANNOTATE_ERROR).toList();
    assertThat(examples).isNotEmpty();
    for (Example example : examples) {
      List<String> arguments = new ArrayList<>(List.of("annotate", "--dialect", example.argument("dialect").orElse("trino")));
      Path schema = schemas.get(example.guide());
      if (schema != null) {
        arguments.addAll(List.of("--schema", schema.toString()));
      }
      Run run = annotate(example.body(), arguments.toArray(String[]::new));
      String expected = example.expect().orElseThrow();
      if (example.kind() == Kind.ANNOTATE) {
        assertThat(run.succeeded()).as("%s: %s", example.where(), run.err()).isTrue();
        JsonNode actual = JSON.readTree(run.out());
        assertThat(GuideExamples.contains(actual, JSON.readTree(expected)))
            .as("%s: the annotation%n%s%ndoes not contain%n%s", example.where(), actual.toPrettyString(), expected).isTrue();
      } else {
        assertThat(run.succeeded()).as("%s: annotate should refuse it", example.where()).isFalse();
        assertThat(run.err().replaceAll("\\s+", " ")).as(example.where()).contains(expected.strip().replaceAll("\\s+", " "));
      }
    }
  }

  @Test
  void everyConfigurationParsesAsTheGatewayReadsIt() throws Exception {
    YamlConfigurationFactory<GatewayConfiguration> factory =
        new YamlConfigurationFactory<>(GatewayConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");
    List<Example> configurations = GUIDES.of(Kind.CONFIG);
    assertThat(configurations).isNotEmpty();
    for (Example example : configurations) {
      Path file = Files.writeString(dir.resolve("config-" + example.line() + ".yml"), example.body());
      GatewayConfiguration config = factory.build(
          new SubstitutingSourceProvider(new FileConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)), file.toString());
      example.argument("trinoCatalog").ifPresent(catalog -> assertThat(config.getDataflow().trinoCatalog()).isEqualTo(catalog));
      assertThat(config.getDataDirectory()).as(example.where()).isNotNull();
    }
  }

  @Test
  void everyEnginePropertiesBlockHasTheKeysItNames() throws IOException {
    List<Example> blocks = GUIDES.of(Kind.PROPERTIES);
    assertThat(blocks).isNotEmpty();
    for (Example example : blocks) {
      Properties properties = new Properties();
      properties.load(new StringReader(example.body()));
      assertThat(example.arguments()).as("%s names the keys it must set", example.where()).isNotEmpty();
      for (String key : example.arguments()) {
        assertThat(properties.getProperty(key)).as("%s: %s", example.where(), key).isNotBlank();
      }
      properties.stringPropertyNames().stream().filter(k -> k.endsWith("uri")).forEach(k ->
          assertThat(properties.getProperty(k)).as("%s: %s points at the gateway's catalog", example.where(), k).endsWith("/iceberg"));
    }
  }

  /** Each guide's tables file (its last {@code check: schema} block), written where annotate reads it. */
  private Map<String, Path> schemas() throws IOException {
    Map<String, Path> schemas = new HashMap<>();
    for (Example example : GUIDES.of(Kind.SCHEMA)) {
      schemas.put(example.guide(), Files.writeString(dir.resolve(example.guide() + "-" + example.line() + ".yaml"), example.body()));
    }
    return schemas;
  }

  private record Run(boolean succeeded, String out, String err) {}

  private static Run annotate(String stdin, String... arguments) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream report = new PrintStream(out, true, StandardCharsets.UTF_8);
    Bootstrap<GatewayConfiguration> bootstrap = new Bootstrap<>(new Application<>() {
      @Override
      public void run(GatewayConfiguration configuration, Environment environment) {}
    });
    bootstrap.addCommand(new AnnotateCommand(report, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))));
    Cli cli = new Cli(new JarLocation(GuideExamplesTest.class), bootstrap, out, err);
    boolean succeeded = cli.run(arguments).isEmpty();
    return new Run(succeeded, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}

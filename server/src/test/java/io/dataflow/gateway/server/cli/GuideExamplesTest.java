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
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example of the migration guides that needs no running gateway, run as the guides say: task
 * SQL through the {@code annotate} command with the guide's own tables file, configurations through
 * the gateway's configuration parser, DAG files exported as a snapshot and given to {@code analyze},
 * engine properties parsed and held to what the gateway's catalog needs, the messages of a guide's
 * reasons table backed by its checked examples; and no fenced
 * block of a guide goes unchecked. The examples that need a gateway (curl, Trino) run in {@code DemoIT}.
 */
class GuideExamplesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final java.util.regex.Pattern QUOTED = java.util.regex.Pattern.compile("`([^`]+)`");
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
  void aReasonsTableIsReadAsAnExampleOfItsRows() throws IOException {
    Files.writeString(dir.resolve("reasons.md"), """
        # A guide

        <!-- check: reasons -->
        | reason | what to do |
        |---|---|
        | `it writes no table` | nothing |
        | `SQL unavailable: …` | put the SQL in `sql=` |
        Text after the table.
        """);
    GuideExamples.Guides guides = GuideExamples.read(dir);
    assertThat(guides.problems()).isEmpty();
    assertThat(guides.of(Kind.REASONS)).singleElement().satisfies(table -> {
      assertThat(table.where()).isEqualTo("reasons.md:4");
      assertThat(table.body().lines()).hasSize(4).last().asString().startsWith("| `SQL unavailable");
      assertThat(table.arguments()).isEmpty();
    });
  }

  @Test
  void everyExampleThatShowsAnOutputSaysWhatItExpects() {
    for (Example example : GUIDES.examples()) {
      if (example.kind() == Kind.ANNOTATE || example.kind() == Kind.ANNOTATE_ERROR || example.kind() == Kind.API
          || example.kind() == Kind.TRANSLATE || example.kind() == Kind.ANALYZE) {
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
  void everyAnalyzeExampleReportsAsTheGuideSays() throws IOException {
    List<Example> examples = GUIDES.of(Kind.ANALYZE);
    assertThat(examples).isNotEmpty();
    Launcher launcher = new Launcher(Map.of());
    for (Example example : examples) {
      Path snapshot = Files.createDirectories(dir.resolve("snapshot-" + example.guide() + "-" + example.line()));
      String dagId = GuideSnapshot.write(example.body(), snapshot, example.where());
      Launcher.Run run = launcher.run("analyze", "--snapshot", snapshot.toString());
      assertThat(run.succeeded()).as("%s: %s", example.where(), run.printed()).isTrue();
      assertThat(run.out()).as(example.where()).contains("# Readiness of DAG `" + dagId + "`");
      assertThat(run.out().replaceAll("\\s+", " ")).as(example.where())
          .contains(example.expect().orElseThrow().strip().replaceAll("\\s+", " "));
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
  void everyQuotedMessageOfAReasonsTableIsWhatAnExampleOfTheGuideGets() {
    List<Example> tables = GUIDES.of(Kind.REASONS);
    assertThat(tables).isNotEmpty();
    for (Example table : tables) {
      List<String> outputs = GUIDES.examples().stream()
          .filter(e -> e.guide().equals(table.guide()) && e.expect().isPresent())
          .filter(e -> e.kind() == Kind.TRANSLATE || e.kind() == Kind.API || e.kind() == Kind.ANNOTATE_ERROR
              || e.kind() == Kind.ANALYZE)
          .map(e -> e.expect().orElseThrow().replaceAll("\\s+", " "))
          .toList();
      assertThat(table.arguments()).as("%s: a reasons table takes no arguments: every row is backed by an example", table.where())
          .isEmpty();
      List<String> rows = table.body().lines().skip(2).toList();
      assertThat(rows).as("%s: rows under a header and its separator", table.where()).isNotEmpty();
      int checked = 0;
      for (int i = 0; i < rows.size(); i++) {
        Matcher quoted = QUOTED.matcher(rows.get(i).substring(1, rows.get(i).indexOf('|', 1)));
        if (!quoted.find()) {
          continue;
        }
        String message = quoted.group(1);
        String part = (message.endsWith("…") ? message.substring(0, message.length() - 1) : message).strip();
        assertThat(outputs).as("%s, row %d: no checked example of %s gets `%s`", table.where(), i + 1, table.guide(), message)
            .anySatisfy(output -> assertThat(output).contains(part));
        checked++;
      }
      assertThat(checked).as("%s: rows checked", table.where()).isPositive();
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
      properties.stringPropertyNames().stream().filter(k -> k.endsWith("uri")).forEach(k -> {
        java.net.URI uri = java.net.URI.create(properties.getProperty(k));
        assertThat(uri.getScheme()).as("%s: %s", example.where(), k).isIn("http", "https");
        assertThat(uri.getHost()).as("%s: %s names a host", example.where(), k).isNotBlank();
        assertThat(uri.getPath()).as("%s: %s points at the gateway's catalog", example.where(), k).isEqualTo("/iceberg");
      });
      assertConnectsToTheGatewaysCatalog(example, properties);
    }
  }

  /**
   * The values the gateway's catalog needs, for the engines the guides name: an Iceberg REST catalog,
   * sending a gateway token as a bearer token (Trino's {@code OAUTH2} security with a fixed token,
   * Spark's and PyIceberg's {@code token}).
   */
  private static void assertConnectsToTheGatewaysCatalog(Example example, Properties properties) {
    if (properties.containsKey("connector.name")) {
      assertThat(properties.getProperty("connector.name")).as("%s: Trino's connector", example.where()).isEqualTo("iceberg");
      assertThat(properties.getProperty("iceberg.catalog.type")).as("%s: catalog type", example.where()).isEqualTo("rest");
      assertThat(properties.getProperty("iceberg.rest-catalog.security")).as("%s: the token is sent as OAuth2 bearer", example.where())
          .isEqualTo("OAUTH2");
      assertThat(properties.getProperty("iceberg.rest-catalog.oauth2.token")).as("%s: a token, not credentials", example.where())
          .isNotBlank();
      assertThat(properties.getProperty("iceberg.rest-catalog.oauth2.credential")).as(example.where()).isNull();
      return;
    }
    List<String> catalogs = properties.stringPropertyNames().stream()
        .filter(k -> k.matches("spark\\.sql\\.catalog\\.[^.]+")).toList();
    assertThat(catalogs).as("%s: a Trino catalog (connector.name) or one Spark catalog (spark.sql.catalog.NAME)", example.where())
        .hasSize(1);
    String catalog = catalogs.getFirst();
    assertThat(properties.getProperty(catalog)).as("%s: Iceberg's Spark catalog", example.where())
        .isEqualTo("org.apache.iceberg.spark.SparkCatalog");
    assertThat(properties.getProperty(catalog + ".type")).as("%s: catalog type", example.where()).isEqualTo("rest");
    assertThat(properties.getProperty(catalog + ".token")).as("%s: a gateway token", example.where()).isNotBlank();
    properties.stringPropertyNames().stream().filter(k -> k.startsWith("spark.sql.catalog.") && !k.equals(catalog))
        .forEach(k -> assertThat(k).as("%s: every key configures catalog %s", example.where(), catalog).startsWith(catalog + "."));
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

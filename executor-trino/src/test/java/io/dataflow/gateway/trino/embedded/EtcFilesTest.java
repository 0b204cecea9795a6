package io.dataflow.gateway.trino.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EtcFilesTest {
  @TempDir Path temp;

  private final EmbeddedTrinoConfig config = EmbeddedTrinoConfig.defaults();

  @Test
  void theNodeIsItsOwnCoordinatorAndListensOnLoopbackOnly() {
    Map<String, String> server = EtcFiles.configProperties(8123, config, temp.resolve("server"), temp.resolve("etc"));
    Map<String, String> node = EtcFiles.nodeProperties(temp.resolve("data"));

    assertThat(server).containsEntry("coordinator", "true")
        .containsEntry("node-scheduler.include-coordinator", "true")
        .containsEntry("http-server.http.port", "8123")
        .containsEntry("discovery.uri", "http://127.0.0.1:8123")
        .containsEntry("query.max-memory", "2GB")
        .containsEntry("query.max-memory-per-node", "1GB")
        .containsEntry("catalog.config-dir", temp.resolve("etc/catalog").toString())
        .containsEntry("plugin.dir", temp.resolve("server/plugin").toString());
    assertThat(node).containsEntry("node.bind-ip", "127.0.0.1")
        .containsEntry("node.internal-address", "127.0.0.1")
        .containsEntry("node.data-dir", temp.resolve("data").toString())
        .containsKeys("node.environment", "node.id");
  }

  @Test
  void theJvmGetsTheHeapAndTheFlagsJava25Needs() {
    assertThat(EtcFiles.jvmConfig(config.withMaxHeap("6G"))).contains(
        "-Xmx6G", "-XX:+ExitOnOutOfMemoryError", "-Djdk.attach.allowAttachSelf=true",
        "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow");
  }

  @Test
  void writesOneFilePerCatalogAndDropsCatalogsNoLongerAsked() throws Exception {
    Path etc = temp.resolve("etc");
    Files.createDirectories(etc.resolve("catalog"));
    Files.writeString(etc.resolve("catalog/old.properties"), "connector.name=memory\n");

    EtcFiles.write(etc, Map.of("coordinator", "true"), Map.of("node.id", "x"), List.of("-Xmx1G"), Map.of(
        "iceberg", Map.of("connector.name", "iceberg", "iceberg.rest-catalog.uri", "http://127.0.0.1:9/x"),
        "tpch", Map.of("connector.name", "tpch")));

    assertThat(etc.resolve("catalog")).isDirectoryContaining("glob:**/iceberg.properties")
        .isDirectoryContaining("glob:**/tpch.properties")
        .isDirectoryNotContaining("glob:**/old.properties");
    assertThat(load(etc.resolve("catalog/iceberg.properties")))
        .containsEntry("iceberg.rest-catalog.uri", "http://127.0.0.1:9/x");
    assertThat(etc.resolve("jvm.config")).hasContent("-Xmx1G");
    assertThat(etc).isDirectoryContaining("glob:**/config.properties")
        .isDirectoryContaining("glob:**/node.properties")
        .isDirectoryContaining("glob:**/log.properties");
  }

  @Test
  void valuesSurviveJavaPropertiesParsing() throws Exception {
    Path file = temp.resolve("x.properties");
    EtcFiles.writeProperties(file, Map.of("path", "C:\\data\\warehouse", "uri", "http://h:1/a=b"));

    assertThat(load(file)).containsEntry("path", "C:\\data\\warehouse").containsEntry("uri", "http://h:1/a=b");
  }

  @Test
  void refusesLineBreaksThatWouldInjectProperties() {
    assertThatThrownBy(() -> EtcFiles.writeProperties(temp.resolve("x.properties"), Map.of("a", "1\nb=2")))
        .hasMessageContaining("line break");
  }

  private static Map<String, String> load(Path file) throws Exception {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    }
    @SuppressWarnings({"unchecked", "rawtypes"})
    Map<String, String> map = (Map) properties;
    return map;
  }
}

package io.dataflow.gateway.trino.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The {@code etc} folder of the embedded Trino: a single node that is its own coordinator and
 * worker, reachable on 127.0.0.1 only.
 */
final class EtcFiles {
  static final String LOOPBACK = "127.0.0.1";
  static final String ENVIRONMENT = "dataflow_gateway";

  private EtcFiles() {}

  static Map<String, String> configProperties(
      int port, EmbeddedTrinoConfig config, Path serverDirectory, Path etcDirectory) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("coordinator", "true");
    properties.put("node-scheduler.include-coordinator", "true");
    properties.put("http-server.http.port", Integer.toString(port));
    properties.put("discovery.uri", "http://" + LOOPBACK + ":" + port);
    properties.put("query.max-memory", config.queryMaxMemory());
    properties.put("query.max-memory-per-node", config.queryMaxMemoryPerNode());
    // Absolute, so that nothing depends on the working directory but the JVM's own start.
    properties.put("catalog.config-dir", etcDirectory.resolve("catalog").toString());
    properties.put("plugin.dir", serverDirectory.resolve("plugin").toString());
    // The request log's default path is relative to the working directory, which is the server
    // directory shared by every data directory in the cache: it must not be written there.
    properties.put("http-server.log.enabled", "false");
    return properties;
  }

  /**
   * The {@code node.*} settings. Binding to loopback matters: Trino listens on every interface by
   * default, and the embedded server has no authentication.
   */
  static Map<String, String> nodeProperties(Path nodeDataDirectory) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("node.environment", ENVIRONMENT);
    properties.put("node.id", "dataflow-gateway-embedded");
    properties.put("node.data-dir", nodeDataDirectory.toString());
    properties.put("node.bind-ip", LOOPBACK);
    properties.put("node.internal-address", LOOPBACK);
    return properties;
  }

  static List<String> jvmConfig(EmbeddedTrinoConfig config) {
    return List.of(
        "-server",
        "-Xmx" + config.maxHeap(),
        "-XX:+UseG1GC",
        "-XX:G1HeapRegionSize=32M",
        "-XX:+ExplicitGCInvokesConcurrent",
        "-XX:+ExitOnOutOfMemoryError",
        "-XX:-OmitStackTraceInFastThrow",
        "-XX:ReservedCodeCacheSize=256M",
        "-XX:PerMethodRecompilationCutoff=10000",
        "-XX:PerBytecodeRecompilationCutoff=10000",
        "-XX:+EnableDynamicAgentLoading",
        "-Djdk.attach.allowAttachSelf=true",
        "-Djdk.nio.maxCachedBufferSize=2000000",
        "-Dfile.encoding=UTF-8",
        // Java 25 warns about both on every start of Trino 476 without them.
        "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow");
  }

  static Map<String, String> logProperties() {
    return Map.of("io.trino", "INFO");
  }

  /** Writes the whole folder afresh, dropping catalogs that an earlier start had and this one has not. */
  static void write(
      Path etcDirectory,
      Map<String, String> configProperties,
      Map<String, String> nodeProperties,
      List<String> jvmConfig,
      Map<String, Map<String, String>> catalogs)
      throws IOException {
    Path catalogDirectory = etcDirectory.resolve("catalog");
    Files.createDirectories(catalogDirectory);
    try (Stream<Path> old = Files.list(catalogDirectory)) {
      for (Path file : old.filter(f -> f.toString().endsWith(".properties")).toList()) {
        Files.delete(file);
      }
    }
    writeProperties(etcDirectory.resolve("config.properties"), configProperties);
    writeProperties(etcDirectory.resolve("node.properties"), nodeProperties);
    writeProperties(etcDirectory.resolve("log.properties"), logProperties());
    Files.write(etcDirectory.resolve("jvm.config"), jvmConfig);
    for (Map.Entry<String, Map<String, String>> catalog : catalogs.entrySet()) {
      writeProperties(catalogDirectory.resolve(catalog.getKey() + ".properties"), catalog.getValue());
    }
  }

  static void writeProperties(Path file, Map<String, String> properties) throws IOException {
    List<String> lines = new ArrayList<>();
    Map<String, String> ordered = properties instanceof LinkedHashMap ? properties : new TreeMap<>(properties);
    ordered.forEach((key, value) -> lines.add(escape(key, file) + "=" + escape(value, file)));
    Files.write(file, lines);
  }

  // Airlift reads these files with java.util.Properties: backslashes must be doubled.
  private static String escape(String text, Path file) {
    if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
      throw new IllegalArgumentException(
          "Invalid Trino property for " + file.getFileName() + ": '" + text + "' contains a line break");
    }
    return text.replace("\\", "\\\\");
  }
}

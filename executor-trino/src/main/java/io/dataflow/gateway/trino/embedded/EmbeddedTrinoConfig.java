package io.dataflow.gateway.trino.embedded;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How to launch the embedded single-node Trino when no cluster is configured.
 *
 * <p>Dropwizard hands a missing YAML key over as {@code null} (or {@code 0}/{@code false} for a
 * primitive), so YAML goes through {@link #fromYaml} with boxed values and every absent key gets the
 * documented default here, never in the caller.
 *
 * @param version Trino version of the Maven Central artifacts, default {@value #DEFAULT_VERSION}
 * @param cacheDirectory where downloads and the unpacked server live, shared by all data
 *     directories; default {@code $XDG_CACHE_HOME/dataflow-gateway} or
 *     {@code ~/.cache/dataflow-gateway}
 * @param port HTTP port on 127.0.0.1, default {@value #DEFAULT_PORT}; 0 picks a free port
 * @param maxHeap the Trino JVM's {@code -Xmx}, default {@value #DEFAULT_MAX_HEAP}
 * @param queryMaxMemory {@code query.max-memory}, default {@value #DEFAULT_QUERY_MAX_MEMORY}
 * @param queryMaxMemoryPerNode {@code query.max-memory-per-node}, default
 *     {@value #DEFAULT_QUERY_MAX_MEMORY_PER_NODE}
 * @param repositoryUrl Maven repository to download from, default Maven Central
 * @param startupTimeout how long to wait for Trino to report it is no longer starting, default
 *     180 s
 * @param tpch whether to install the TPC-H plugin and a {@code tpch} catalog for sample data,
 *     default true
 */
public record EmbeddedTrinoConfig(
    String version,
    Path cacheDirectory,
    int port,
    String maxHeap,
    String queryMaxMemory,
    String queryMaxMemoryPerNode,
    URI repositoryUrl,
    Duration startupTimeout,
    boolean tpch) {

  public static final String DEFAULT_VERSION = "476";
  public static final int DEFAULT_PORT = 8090;
  public static final String DEFAULT_MAX_HEAP = "4G";
  public static final String DEFAULT_QUERY_MAX_MEMORY = "2GB";
  public static final String DEFAULT_QUERY_MAX_MEMORY_PER_NODE = "1GB";
  public static final URI DEFAULT_REPOSITORY_URL = URI.create("https://repo.maven.apache.org/maven2/");
  public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(180);

  public EmbeddedTrinoConfig {
    version = orDefault(version, DEFAULT_VERSION);
    if (!version.matches("[0-9A-Za-z][0-9A-Za-z.+_-]*")) {
      throw new IllegalArgumentException(
          "Invalid embedded Trino version '" + version + "': expected a Maven version such as 476");
    }
    cacheDirectory = cacheDirectory == null ? defaultCacheDirectory(System.getenv()) : cacheDirectory;
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(
          "Invalid embedded Trino port " + port + ": expected 1-65535, or 0 to pick a free port");
    }
    maxHeap = orDefault(maxHeap, DEFAULT_MAX_HEAP);
    if (!maxHeap.matches("[0-9]+[kKmMgGtT]?")) {
      throw new IllegalArgumentException(
          "Invalid embedded Trino maxHeap '" + maxHeap + "': expected a -Xmx size such as 4G");
    }
    queryMaxMemory = orDefault(queryMaxMemory, DEFAULT_QUERY_MAX_MEMORY);
    queryMaxMemoryPerNode = orDefault(queryMaxMemoryPerNode, DEFAULT_QUERY_MAX_MEMORY_PER_NODE);
    repositoryUrl = repositoryUrl == null ? DEFAULT_REPOSITORY_URL : withTrailingSlash(repositoryUrl);
    startupTimeout = startupTimeout == null ? DEFAULT_STARTUP_TIMEOUT : startupTimeout;
    if (startupTimeout.isNegative() || startupTimeout.isZero()) {
      throw new IllegalArgumentException(
          "Invalid embedded Trino startupTimeout " + startupTimeout + ": expected a positive duration");
    }
  }

  /** Reads the YAML form, where every key is optional and an absent key means its default. */
  @JsonCreator
  public static EmbeddedTrinoConfig fromYaml(
      @JsonProperty("version") String version,
      @JsonProperty("cacheDirectory") Path cacheDirectory,
      @JsonProperty("port") Integer port,
      @JsonProperty("maxHeap") String maxHeap,
      @JsonProperty("queryMaxMemory") String queryMaxMemory,
      @JsonProperty("queryMaxMemoryPerNode") String queryMaxMemoryPerNode,
      @JsonProperty("repositoryUrl") URI repositoryUrl,
      @JsonProperty("startupTimeout") Duration startupTimeout,
      @JsonProperty("tpch") Boolean tpch) {
    return new EmbeddedTrinoConfig(
        version,
        cacheDirectory,
        port == null ? DEFAULT_PORT : port,
        maxHeap,
        queryMaxMemory,
        queryMaxMemoryPerNode,
        repositoryUrl,
        startupTimeout,
        tpch == null || tpch);
  }

  /** All defaults. */
  public static EmbeddedTrinoConfig defaults() {
    return fromYaml(null, null, null, null, null, null, null, null, null);
  }

  public EmbeddedTrinoConfig withPort(int newPort) {
    return new EmbeddedTrinoConfig(version, cacheDirectory, newPort, maxHeap, queryMaxMemory,
        queryMaxMemoryPerNode, repositoryUrl, startupTimeout, tpch);
  }

  public EmbeddedTrinoConfig withCacheDirectory(Path newCacheDirectory) {
    requireNonNull(newCacheDirectory, "newCacheDirectory is null");
    return new EmbeddedTrinoConfig(version, newCacheDirectory, port, maxHeap, queryMaxMemory,
        queryMaxMemoryPerNode, repositoryUrl, startupTimeout, tpch);
  }

  public EmbeddedTrinoConfig withRepositoryUrl(URI newRepositoryUrl) {
    requireNonNull(newRepositoryUrl, "newRepositoryUrl is null");
    return new EmbeddedTrinoConfig(version, cacheDirectory, port, maxHeap, queryMaxMemory,
        queryMaxMemoryPerNode, newRepositoryUrl, startupTimeout, tpch);
  }

  public EmbeddedTrinoConfig withTpch(boolean newTpch) {
    return new EmbeddedTrinoConfig(version, cacheDirectory, port, maxHeap, queryMaxMemory,
        queryMaxMemoryPerNode, repositoryUrl, startupTimeout, newTpch);
  }

  public EmbeddedTrinoConfig withMaxHeap(String newMaxHeap) {
    requireNonNull(newMaxHeap, "newMaxHeap is null");
    return new EmbeddedTrinoConfig(version, cacheDirectory, port, newMaxHeap, queryMaxMemory,
        queryMaxMemoryPerNode, repositoryUrl, startupTimeout, tpch);
  }

  /**
   * The XDG cache location, so that the ~550 MB of Trino artifacts are shared by every checkout and
   * data directory of the gateway on this machine.
   */
  static Path defaultCacheDirectory(Map<String, String> environment) {
    String xdg = environment.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "dataflow-gateway");
    }
    return Path.of(System.getProperty("user.home"), ".cache", "dataflow-gateway");
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.strip();
  }

  // URI.resolve drops the last path segment without the slash, which would lose "maven2".
  private static URI withTrailingSlash(URI uri) {
    String text = uri.toString();
    return text.endsWith("/") ? uri : URI.create(text + "/");
  }
}

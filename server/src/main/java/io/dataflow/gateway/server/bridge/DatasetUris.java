package io.dataflow.gateway.server.bridge;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.planner.model.DatasetId;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which of the gateway's tables an Airflow dataset/asset URI names. Airflow's URIs are free strings,
 * so the explicit map of the configuration ({@code bridge.datasets}) comes first; then two forms name
 * an Iceberg table of the gateway unambiguously:
 *
 * <ul>
 *   <li>{@code trino://host[:port]/<catalog>/<schema>/<table>}, the form of Airflow's Trino provider,
 *       when {@code <catalog>} is one of {@code bridge.trinoCatalogs} (the names under which Trino
 *       reads the gateway's catalog);
 *   <li>{@code iceberg://<warehouse>/<schema>/<table>}.
 * </ul>
 *
 * Every other form is refused with the reason: {@code postgres://}, {@code mysql://},
 * {@code bigquery://} name tables of other databases, {@code file://}, {@code s3://}, {@code gs://}
 * name file locations, and a path of another length leaves the table ambiguous. Such a URI is
 * bridged only through {@code bridge.datasets}.
 */
public final class DatasetUris {

  /** What a URI names. */
  sealed interface Mapping {
    /** The gateway's table {@code dataset}, by {@code rule}. */
    record Mapped(DatasetId dataset, String rule) implements Mapping {
      public Mapped {
        requireNonNull(dataset, "dataset is null");
        requireNonNull(rule, "rule is null");
      }
    }

    /** No table of the gateway, for {@code reason}. */
    record Refused(String reason) implements Mapping {
      public Refused {
        requireNonNull(reason, "reason is null");
      }
    }
  }

  private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_]*");
  private static final Set<String> OTHER_DATABASES = Set.of("postgres", "postgresql", "mysql", "mariadb", "bigquery", "sqlite");
  private static final Set<String> FILE_LOCATIONS = Set.of("file", "s3", "s3a", "gs", "gcs", "abfs", "abfss", "wasb", "hdfs", "gcp");

  private final Map<String, DatasetId> explicit;
  private final List<String> trinoCatalogs;

  DatasetUris(Map<String, String> explicit, List<String> trinoCatalogs) {
    Map<String, DatasetId> mapped = new java.util.LinkedHashMap<>();
    requireNonNull(explicit, "explicit is null").forEach((uri, table) -> mapped.put(uri, DatasetId.of(checkTable(table, uri))));
    this.explicit = Map.copyOf(mapped);
    this.trinoCatalogs = requireNonNull(trinoCatalogs, "trinoCatalogs is null").stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
  }

  public static DatasetUris of(BridgeConfig config) {
    return new DatasetUris(config.datasets(), config.trinoCatalogs());
  }

  /**
   * @param where the configuration key it came from, named in the message
   * @throws IllegalArgumentException if {@code table} is not {@code schema.table}
   */
  static String checkTable(String table, String where) {
    if (table == null || !TABLE.matcher(table.strip()).matches()) {
      throw new IllegalArgumentException("Invalid table '" + table + "' at " + where + ": expected <schema>.<table>, such as analytics.daily_customer_totals");
    }
    return table.strip().toLowerCase(Locale.ROOT);
  }

  /** The {@code schema.table} of the gateway that {@code uri} names, if it names one. */
  public Optional<String> table(String uri) {
    return map(uri) instanceof Mapping.Mapped mapped ? Optional.of(mapped.dataset().name()) : Optional.empty();
  }

  /** The gateway's table that {@code uri} names, or why it names none. */
  Mapping map(String uri) {
    requireNonNull(uri, "uri is null");
    DatasetId configured = explicit.get(uri);
    if (configured != null) {
      return new Mapping.Mapped(configured, "bridge.datasets");
    }
    URI parsed;
    try {
      parsed = new URI(uri);
    } catch (URISyntaxException e) {
      return new Mapping.Refused("'" + uri + "' is not a URI (" + e.getReason() + "); map it in bridge.datasets");
    }
    String scheme = Optional.ofNullable(parsed.getScheme()).map(s -> s.toLowerCase(Locale.ROOT)).orElse("");
    List<String> path = segments(parsed.getPath());
    return switch (scheme) {
      case "trino" -> trino(uri, parsed, path);
      case "iceberg" -> path.size() == 2
          ? table(uri, path.get(0), path.get(1), "iceberg://<warehouse>/<schema>/<table>")
          : new Mapping.Refused("'" + uri + "' is ambiguous: iceberg:// URIs name a table as iceberg://<warehouse>/<schema>/<table>;"
              + " map it in bridge.datasets");
      case "" -> new Mapping.Refused("'" + uri + "' has no scheme, so it names no table; map it in bridge.datasets");
      default -> new Mapping.Refused(OTHER_DATABASES.contains(scheme)
          ? "'" + uri + "' names a table of " + scheme + ", not of the gateway's Iceberg catalog; map it in bridge.datasets if a table of the gateway holds its data"
          : FILE_LOCATIONS.contains(scheme)
              ? "'" + uri + "' names a file location, not a table; map it in bridge.datasets"
              : "'" + uri + "' has the unknown scheme " + scheme + "; map it in bridge.datasets");
    };
  }

  private Mapping trino(String uri, URI parsed, List<String> path) {
    if (parsed.getHost() == null || path.size() != 3) {
      return new Mapping.Refused("'" + uri + "' is not trino://<host>[:<port>]/<catalog>/<schema>/<table>, the form of Airflow's Trino provider");
    }
    if (!trinoCatalogs.contains(path.get(0).toLowerCase(Locale.ROOT))) {
      return new Mapping.Refused("'" + uri + "' names the Trino catalog " + path.get(0) + ", which is not one of bridge.trinoCatalogs "
          + trinoCatalogs + "; add it there if it reads the gateway's catalog");
    }
    return table(uri, path.get(1), path.get(2), "trino://<host>/<catalog>/<schema>/<table>");
  }

  private static Mapping table(String uri, String schema, String table, String rule) {
    String name = schema + "." + table;
    if (!TABLE.matcher(name).matches()) {
      return new Mapping.Refused("'" + uri + "' names '" + name + "', which is not a <schema>.<table> name of the gateway");
    }
    return new Mapping.Mapped(DatasetId.of(name.toLowerCase(Locale.ROOT)), rule);
  }

  private static List<String> segments(String path) {
    List<String> segments = new ArrayList<>();
    if (path == null) {
      return segments;
    }
    for (String s : path.split("/", -1)) {
      segments.add(s);
    }
    // "/a/b" splits into "", "a", "b": the leading empty segment is the root
    if (!segments.isEmpty() && segments.getFirst().isEmpty()) {
      segments.removeFirst();
    }
    return segments.stream().anyMatch(String::isEmpty) ? List.of() : segments;
  }
}

package io.dataflow.gateway.catalog;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * Configuration of the gateway's Iceberg catalog.
 *
 * @param name the catalog name kept in the catalog database (default {@code gateway})
 * @param warehouse where table data and metadata go: a {@code file:} URI or absolute path for a
 *     local warehouse, or an object store URI such as {@code s3://bucket/warehouse}; when absent the
 *     server uses {@code <data directory>/warehouse}
 * @param fileIoProperties properties for the FileIO of a non-local warehouse, for example {@code
 *     io-impl: org.apache.iceberg.aws.s3.S3FileIO}, {@code s3.endpoint}, credentials
 */
public record CatalogConfig(
    String name, Optional<String> warehouse, Map<String, String> fileIoProperties) {

  public static final String DEFAULT_NAME = "gateway";

  public CatalogConfig {
    name = name == null || name.isBlank() ? DEFAULT_NAME : name;
    warehouse = warehouse == null ? Optional.empty() : warehouse.filter(w -> !w.isBlank());
    fileIoProperties = fileIoProperties == null ? Map.of() : Map.copyOf(fileIoProperties);
  }

  /** The defaults: catalog {@code gateway}, warehouse under the data directory. */
  public static CatalogConfig defaults() {
    return new CatalogConfig(null, null, null);
  }

  /** Whether the warehouse is on the local file system. */
  public static boolean isLocal(String warehouse) {
    requireNonNull(warehouse, "warehouse is null");
    return warehouse.startsWith("file:") || warehouse.startsWith("/");
  }
}

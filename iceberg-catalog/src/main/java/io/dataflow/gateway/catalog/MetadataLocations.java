package io.dataflow.gateway.catalog;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.UncheckedSQLException;

/**
 * The current metadata location of each table, read from the table the {@link
 * org.apache.iceberg.jdbc.JdbcCatalog} keeps them in ({@code iceberg_tables}, schema version V1):
 * one indexed lookup, without reading the metadata file. A metadata file is never changed once
 * written, so a table whose location did not move has the metadata read last time.
 */
final class MetadataLocations {

  private static final String QUERY = "SELECT metadata_location FROM iceberg_tables"
      + " WHERE catalog_name = ? AND table_namespace = ? AND table_name = ?"
      + " AND (iceberg_type = 'TABLE' OR iceberg_type IS NULL)";

  private final DataSource dataSource;
  private final String catalogName;

  MetadataLocations(DataSource dataSource, String catalogName) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
    this.catalogName = requireNonNull(catalogName, "catalogName is null");
  }

  /** Where table {@code ident}'s current metadata file is; empty if there is no such table. */
  Optional<String> current(TableIdentifier ident) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(QUERY)) {
      statement.setString(1, catalogName);
      // the JdbcCatalog writes a namespace as its levels joined by dots
      statement.setString(2, String.join(".", ident.namespace().levels()));
      statement.setString(3, ident.name());
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new UncheckedSQLException(e, "Cannot read the metadata location of table %s from the catalog database", ident);
    }
  }
}

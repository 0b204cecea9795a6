package io.dataflow.gateway.annotator.schema;

import java.util.List;
import java.util.regex.Pattern;

/** The column types a schema can declare. */
final class SqlTypes {

  static final List<String> SUPPORTED = List.of("BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "INT",
      "BIGINT", "REAL", "FLOAT", "DOUBLE", "DECIMAL(p,s)", "VARCHAR", "VARCHAR(n)", "CHAR(n)",
      "DATE", "TIME", "TIMESTAMP", "TIMESTAMP(p)", "VARBINARY");

  private static final Pattern TYPE = Pattern.compile(
      "BOOLEAN|TINYINT|SMALLINT|INTEGER|INT|BIGINT|REAL|FLOAT|DOUBLE|VARBINARY|DATE|TIME"
          + "|DECIMAL\\(\\s*\\d+\\s*,\\s*\\d+\\s*\\)|DECIMAL|VARCHAR(\\(\\s*\\d+\\s*\\))?"
          + "|CHAR\\(\\s*\\d+\\s*\\)|TIMESTAMP(\\(\\s*\\d\\s*\\))?( WITH TIME ZONE)?");

  private SqlTypes() {}

  static boolean isSupported(String type) {
    return TYPE.matcher(type).matches();
  }
}

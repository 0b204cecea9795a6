package io.dataflow.gateway.annotator;

/** The SQL dialect of a task's connection, which chooses parser, quoting and function library. */
public enum Dialect {
  /** Trino and Presto: double-quoted identifiers, Presto conformance. */
  TRINO,
  /** PostgreSQL: double-quoted identifiers, PostgreSQL functions. */
  POSTGRESQL,
  /** Hive SQL: back-quoted identifiers, Hive functions. */
  HIVE,
  /** Spark SQL: back-quoted identifiers, Spark functions. */
  SPARK,
  /** MySQL: back-quoted identifiers, MySQL conformance and functions. */
  MYSQL
}

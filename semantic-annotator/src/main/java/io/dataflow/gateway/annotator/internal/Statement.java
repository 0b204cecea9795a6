package io.dataflow.gateway.annotator.internal;

import io.dataflow.gateway.annotator.TableName;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.calcite.sql.SqlMerge;
import org.apache.calcite.sql.SqlNode;

/** One parsed statement of a task, reduced to what decides how the task reads and writes. */
sealed interface Statement {

  /** {@code INSERT INTO target [(columns)] source}, also Hive's {@code INSERT OVERWRITE} and upserts. */
  record Insert(
      TableName target,
      Optional<List<String>> columns,
      SqlNode source,
      boolean overwrite,
      Map<String, String> staticPartitions,
      boolean upsert) implements Statement {}

  /** {@code CREATE [OR REPLACE] TABLE target AS query}. */
  record CreateTableAs(TableName target, boolean replace, SqlNode query) implements Statement {}

  /** {@code DELETE FROM target [WHERE condition]}. */
  record Delete(TableName target, Optional<SqlNode> condition) implements Statement {}

  /** {@code MERGE INTO target USING source …}. */
  record Merge(TableName target, SqlMerge merge) implements Statement {}

  /** {@code TRUNCATE [TABLE] target}. */
  record Truncate(TableName target) implements Statement {}

  /** A query that writes nothing. */
  record Query(SqlNode query) implements Statement {}
}

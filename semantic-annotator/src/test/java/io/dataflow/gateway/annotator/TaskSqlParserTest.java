package io.dataflow.gateway.annotator;

import static io.dataflow.gateway.annotator.AnnotationFixture.all;
import static io.dataflow.gateway.annotator.AnnotationFixture.identity;
import static io.dataflow.gateway.annotator.AnnotationFixture.task;

import io.dataflow.gateway.annotator.AnnotationException.Reason;
import org.junit.jupiter.api.Test;

/**
 * The forms the generated task SQL parser adds to Calcite's grammar, and the statements it leaves
 * to Babel, read as before.
 */
class TaskSqlParserTest {

  @Test
  void postgresCastsWithDoubleColons() {
    task("INSERT INTO analytics.daily_customer_totals SELECT customer_id, day,"
        + " SUM(amount)::decimal(18, 2), COUNT(*) FROM raw.transactions"
        + " WHERE day = '{{ ds }}'::date GROUP BY customer_id, day")
        .in(Dialect.POSTGRESQL)
        .isMap().reads("raw.transactions").withDependency(identity())
        .column("total", LineageKind.AGGREGATED, "raw.transactions.amount");
  }

  @Test
  void createTableIfNotExistsAsReplacesTheWholeTable() {
    task("CREATE TABLE IF NOT EXISTS analytics.customer_lifetime_value AS SELECT customer_id,"
        + " SUM(amount) AS lifetime_total, MIN(day) AS first_day, MAX(day) AS last_day"
        + " FROM raw.transactions GROUP BY customer_id")
        .writes("analytics.customer_lifetime_value", WriteMode.FULL_REPLACE).isFull()
        .reads("raw.transactions").withDependency(all());
  }

  @Test
  void createOrReplaceTableWithColumnNamesAsReplacesTheWholeTable() {
    task("CREATE OR REPLACE TABLE analytics.customer_lifetime_value"
        + " (customer_id, lifetime_total, first_day, last_day) AS SELECT customer_id,"
        + " SUM(amount), MIN(day), MAX(day) FROM raw.transactions GROUP BY customer_id")
        .writes("analytics.customer_lifetime_value", WriteMode.FULL_REPLACE).isFull()
        .reads("raw.transactions").withDependency(all());
  }

  @Test
  void createTableWithoutAQueryIsNamedAsUnsupported() {
    task("CREATE TABLE analytics.scratch (customer_id BIGINT NOT NULL, day DATE)")
        .fails(Reason.UNSUPPORTED_STATEMENT, "CREATE_TABLE", 1, 1);
  }

  @Test
  void timeUnitsAndCommonWordsNameColumnsAndAliases() {
    task("INSERT INTO analytics.daily_customer_totals SELECT customer_id, day, SUM(amount) AS value,"
        + " COUNT(*) AS count FROM raw.transactions WHERE day = DATE '{{ ds }}'"
        + " GROUP BY customer_id, day ORDER BY value DESC")
        .isMap().reads("raw.transactions").withDependency(identity())
        .column("total", LineageKind.AGGREGATED, "raw.transactions.amount");
  }

  @Test
  void aNameThatOnlyTheNextTokenTellsFromAKeywordStillParses() {
    task("INSERT INTO analytics.daily_customer_totals SELECT customer_id, day, period, 1"
        + " FROM (SELECT customer_id, day, amount AS period FROM raw.transactions) t"
        + " WHERE day = DATE '{{ ds }}'")
        .isMap().reads("raw.transactions").withDependency(identity())
        .column("total", LineageKind.COPIED, "raw.transactions.amount");
  }
}

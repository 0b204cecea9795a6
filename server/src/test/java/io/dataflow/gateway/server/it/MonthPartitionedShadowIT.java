package io.dataflow.gateway.server.it;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.dataflow.gateway.server.it.DagViews.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A shadow run of a table partitioned by month (Iceberg's {@code month} transform), against a
 * WireMock Airflow 2 and the real Trino, Iceberg catalog and PostgreSQL: a DAG whose one task rolls
 * the transactions of every month up per customer, the month taken from each row's day, is migrated
 * in shadow; while Airflow goes on rewriting the real table, every month of it is compared with the
 * shadow table on its own, and a month whose rows differ is reported with the differing rows of both
 * sides while the other months still match.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonthPartitionedShadowIT {

  private static final String DAG = "monthly_shadow";
  private static final String DAG_PATH = "/api/v1/dags/" + DAG;
  private static final String TABLE = "msh_analytics.monthly_customer_totals";
  private static final List<String> MONTHS = List.of("month(month)=2024-01", "month(month)=2024-02", "month(month)=2024-03");
  private static final Duration SETTLE = Duration.ofMinutes(3);

  /** The task's SQL, as the DAG file has it and as Airflow runs it (it names no logical date). */
  private static final String ROLLUP = """
      DELETE FROM analytics.monthly_customer_totals;
      INSERT INTO analytics.monthly_customer_totals
      SELECT customer_id, date_trunc('month', day) AS month, SUM(amount) AS total, COUNT(*) AS txn_count
      FROM raw.transactions
      GROUP BY customer_id, date_trunc('month', day)""";

  private static SharedGateway gateway;
  private static ApiHttp api;
  private static WireMockServer airflow;
  private static EcommerceAirflow dag;

  @BeforeAll
  static void setUp() throws Exception {
    gateway = SharedGateway.get();
    api = new ApiHttp(gateway.port());
    airflow = new WireMockServer(wireMockConfig().dynamicPort());
    airflow.start();
    dag = new EcommerceAirflow(airflow, DAG, "msh_");
    dag.serve(tasks -> {
      ObjectNode monthly = tasks.get(0).deepCopy();
      monthly.put("task_id", "monthly_customer_totals").put("task_display_name", "monthly_customer_totals");
      monthly.putArray("downstream_task_ids");
      tasks.removeAll();
      tasks.add(monthly);
    }, content -> {
      String body = "with DAG(";
      assertThat(content).contains(body);
      return content.substring(0, content.indexOf(body)) + dag.renamed("""
          with DAG(
              dag_id="ecommerce_daily",
              schedule="@daily",
              start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
          ) as dag:
              monthly_customer_totals = SQLExecuteQueryOperator(
                  task_id="monthly_customer_totals",
                  conn_id="trino_default",
                  sql=\"\"\"""" + ROLLUP + "\"\"\",\n    )\n");
    });
    String raw = "iceberg." + dag.rawSchema() + ".transactions";
    String analytics = "iceberg." + dag.analyticsSchema();
    gateway.trinoExecute(
        "CREATE SCHEMA IF NOT EXISTS iceberg." + dag.rawSchema(),
        "CREATE SCHEMA IF NOT EXISTS " + analytics,
        "CREATE TABLE " + raw + " (txn_id BIGINT, customer_id BIGINT, amount DECIMAL(12,2), event_time TIMESTAMP(6), day DATE)"
            + " WITH (partitioning = ARRAY['day'])",
        // four days over three months: 2024-01-30, 2024-02-13, 2024-02-27 and 2024-03-12
        "INSERT INTO " + raw + " SELECT orderkey, custkey % 20, CAST(totalprice AS DECIMAL(12,2)), CAST(orderdate AS TIMESTAMP(6)),"
            + " DATE '2024-01-30' + (orderkey % 4) * INTERVAL '14' DAY FROM tpch.tiny.orders WHERE orderkey < 800",
        "CREATE TABLE " + analytics + ".monthly_customer_totals (customer_id BIGINT, month DATE, total DECIMAL(18,2), txn_count BIGINT)"
            + " WITH (partitioning = ARRAY['month(month)'])");
    runInAirflow();
  }

  @AfterAll
  static void tearDown() {
    if (airflow != null) {
      airflow.stop();
    }
  }

  @Test
  @Order(1)
  void everyMonthOfTheShadowTableMatchesWhatAirflowWrote() throws Exception {
    ApiHttp.Answer imported = post("/api/v1/imports", "{\"airflow\": {\"url\": \"" + airflow.baseUrl() + "\", \"version\": \"2\"}}");
    assertThat(imported.status()).as(imported.response().body()).isEqualTo(201);
    ApiHttp.Answer migrated = post(DAG_PATH + "/migrate", "{\"mode\": \"shadow\"}");
    assertThat(migrated.status()).as(migrated.response().body()).isEqualTo(200);
    assertThat(migrated.json().path("migration").path("shadowTables").path(TABLE).asText())
        .isEqualTo("msh_analytics__shadow.monthly_customer_totals");
    assertThat(task(migrated.json(), "monthly_customer_totals").path("translation").asText()).isEqualTo("translated");

    awaitShadowRows();
    gateway.assertSameRows("iceberg.msh_analytics__shadow.monthly_customer_totals", "customer_id, month, total, txn_count",
        "SELECT customer_id, month, total, txn_count FROM iceberg." + TABLE);
    // Airflow goes on running the DAG during the shadow run: each of its runs rewrites every month
    runInAirflow();

    JsonNode report = awaitShadow(r -> MONTHS.stream().allMatch(m -> state(r, m).equals("match")));
    for (String month : MONTHS) {
      JsonNode partition = partition(report, month);
      assertThat(partition.path("real").path("rows").asLong()).as(month).isPositive()
          .isEqualTo(partition.path("shadow").path("rows").asLong());
      assertThat(partition.path("real").path("checksum").asLong()).as(month).isEqualTo(partition.path("shadow").path("checksum").asLong());
    }
    assertThat(partition(report, "month(month)=2024-02").path("real").path("rows").asLong()).as("two days of February, one month")
        .isEqualTo(gateway.trinoLong("SELECT count(*) FROM iceberg." + TABLE + " WHERE month = DATE '2024-02-01'"));
    assertThat(report.path("differentPartitions").asLong()).isZero();
  }

  @Test
  @Order(2)
  void aMonthThatDiffersIsReportedWithTheDifferingRowsOfBothSidesAndTheOtherMonthsStillMatch() throws Exception {
    long customer = gateway.trinoLong("SELECT min(customer_id) FROM iceberg." + TABLE + " WHERE month = DATE '2024-02-01'");
    gateway.trinoExecute("UPDATE iceberg." + TABLE + " SET total = total + 100 WHERE month = DATE '2024-02-01' AND customer_id = " + customer);

    JsonNode report = awaitShadow(r -> state(r, "month(month)=2024-02").equals("different"));
    assertThat(report.path("differentPartitions").asLong()).isEqualTo(1);
    assertThat(report.path("readyForCutover").asBoolean()).isFalse();
    assertThat(state(report, "month(month)=2024-01")).isEqualTo("match");
    assertThat(state(report, "month(month)=2024-03")).isEqualTo("match");
    JsonNode different = partition(report, "month(month)=2024-02");
    assertThat(different.path("real").path("rows").asLong()).isEqualTo(different.path("shadow").path("rows").asLong());
    assertThat(different.path("real").path("checksum").asLong()).isNotEqualTo(different.path("shadow").path("checksum").asLong());
    JsonNode onlyInReal = different.path("samples").path("onlyInReal");
    JsonNode onlyInShadow = different.path("samples").path("onlyInShadow");
    assertThat(onlyInReal).hasSize(1);
    assertThat(onlyInShadow).hasSize(1);
    assertThat(onlyInReal.get(0).path("customer_id").asLong()).isEqualTo(customer);
    assertThat(onlyInReal.get(0).path("month").asText()).isEqualTo("2024-02-01");
    assertThat(onlyInShadow.get(0).path("customer_id").asLong()).isEqualTo(customer);
    assertThat(new BigDecimal(onlyInReal.get(0).path("total").asText()).subtract(new BigDecimal(onlyInShadow.get(0).path("total").asText())))
        .isEqualByComparingTo("100");

    ApiHttp.Answer refused = post(DAG_PATH + "/cutover", "{}");
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().path("detail").asText()).contains(TABLE + " month(month)=2024-02");
  }

  // ---- Airflow's part ----------------------------------------------------------------------

  /** What the DAG's task does in Airflow, on its tables. */
  private static void runInAirflow() throws Exception {
    gateway.trinoExecute(java.util.Arrays.stream(dag.renamed(ROLLUP).split(";"))
        .map(statement -> statement.strip().replace(dag.analyticsSchema() + ".", "iceberg." + dag.analyticsSchema() + ".")
            .replace(dag.rawSchema() + ".", "iceberg." + dag.rawSchema() + "."))
        .toArray(String[]::new));
  }

  // ---- helpers -----------------------------------------------------------------------------

  private static ApiHttp.Answer post(String path, String body) {
    return api.post(path, SharedGateway.ADMIN_TOKEN, body);
  }

  private static void awaitShadowRows() throws Exception {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    String shadow = "iceberg.msh_analytics__shadow.monthly_customer_totals";
    while (true) {
      try {
        if (gateway.trinoLong("SELECT count(*) FROM " + shadow) > 0 && gateway.dataflow().isIdle()) {
          return;
        }
      } catch (java.sql.SQLException e) {
        // not created yet
      }
      assertThat(System.nanoTime()).as("the dataflow writes " + shadow).isLessThan(deadline);
      Thread.sleep(500);
    }
  }

  private static JsonNode awaitShadow(Predicate<JsonNode> condition) throws InterruptedException {
    return DagViews.awaitShadow(api, DAG_PATH, condition, SETTLE);
  }

  private static String state(JsonNode report, String partition) {
    return partition(report, partition).path("state").asText();
  }

  private static JsonNode partition(JsonNode report, String partition) {
    return DagViews.shadowPartition(report, TABLE, partition);
  }
}

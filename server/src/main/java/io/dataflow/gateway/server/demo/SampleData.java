package io.dataflow.gateway.server.demo;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.List;

/**
 * The demo's transactions, generated in Trino from its {@code tpch} catalog's orders: one row per
 * order, spread over {@code days} days from 2024-01-01 and {@code customers} customers.
 *
 * @param name what the user chooses it by
 * @param days how many days of transactions
 * @param customers how many customers
 * @param maxOrderKey the orders used, by key (tpch.tiny has 15,000 orders with keys up to 60,000)
 */
public record SampleData(String name, int days, int customers, int maxOrderKey) {

  /** The first day of the example's DAG (its {@code start_date}). */
  public static final LocalDate FIRST_DAY = LocalDate.of(2024, 1, 1);

  /** Six weeks, every order of tpch.tiny. */
  public static final SampleData FULL = new SampleData("full", 42, 50, 60_000);

  /** Three and a half weeks, a fifth of the orders: enough for every partition the restated day reaches. */
  public static final SampleData SMALL = new SampleData("small", 24, 20, 12_000);

  public SampleData {
    requireNonNull(name, "name is null");
    if (days < 1 || customers < 1 || maxOrderKey < 1) {
      throw new IllegalArgumentException("Invalid sample data: %d days, %d customers, orders up to %d".formatted(days, customers, maxOrderKey));
    }
  }

  public LocalDate lastDay() {
    return FIRST_DAY.plusDays(days - 1L);
  }

  /** The statements that create and fill {@code catalog}.raw.transactions, in order. */
  List<String> statements(String catalog, String comment) {
    String table = catalog + ".raw.transactions";
    return List.of(
        "CREATE SCHEMA IF NOT EXISTS " + catalog + ".raw",
        "CREATE TABLE " + table + " (txn_id BIGINT, customer_id BIGINT, amount DECIMAL(12,2), event_time TIMESTAMP(6), day DATE)"
            + " WITH (partitioning = ARRAY['day'])",
        "COMMENT ON TABLE " + table + " IS '" + comment + "'",
        ("INSERT INTO %s SELECT orderkey, custkey %% %d, CAST(totalprice / 10 AS DECIMAL(12,2)),"
            + " CAST(d AS TIMESTAMP(6)) + (orderkey %% 86400) * INTERVAL '1' SECOND, d"
            + " FROM (SELECT orderkey, custkey, totalprice, DATE '%s' + (orderkey %% %d) * INTERVAL '1' DAY AS d"
            + " FROM tpch.tiny.orders WHERE orderkey <= %d)")
            .formatted(table, customers, FIRST_DAY, days, maxOrderKey));
  }
}

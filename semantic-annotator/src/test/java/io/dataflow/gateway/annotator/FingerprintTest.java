package io.dataflow.gateway.annotator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Pairs of task SQL whose fingerprints must be equal, and pairs whose must differ. */
class FingerprintTest {

  private static final SemanticAnnotator ANNOTATOR = SemanticAnnotator.create();

  private static final String DAILY = EcommerceExample.DAILY_CUSTOMER_TOTALS;
  private static final String WEEKLY = EcommerceExample.WEEKLY_CUSTOMER_TOTALS;
  private static final String JOIN = "INSERT INTO analytics.daily_customer_totals"
      + " SELECT t.customer_id, t.day, SUM(t.amount), COUNT(*) FROM raw.transactions t"
      + " JOIN dim.customers c ON c.customer_id = t.customer_id"
      + " WHERE t.day = DATE '{{ ds }}' AND c.country = 'NL' AND t.amount > 0"
      + " GROUP BY t.customer_id, t.day";

  private static String fingerprint(String sql, Dialect dialect) {
    TaskAnnotation annotation = ANNOTATOR.annotate(sql, dialect, EcommerceExample.SCHEMA);
    assertThat(annotation.mode()).as("notes: %s", annotation.notes()).isEqualTo(AnalysisMode.RESOLVED);
    return annotation.fingerprint();
  }

  static Stream<Arguments> samePairs() {
    return Stream.of(
        same("whitespace and line breaks", DAILY, DAILY.replace("\n", "\n\n   ").replace(" ", "  ")),
        same("comments", DAILY, "-- totals per customer\n" + DAILY.replace("GROUP BY",
            "/* one row per customer */ GROUP BY")),
        same("keyword case", DAILY, DAILY.replace("SELECT", "select").replace("FROM", "from")
            .replace("WHERE", "Where").replace("GROUP BY", "group by").replace("SUM(", "sum(")),
        same("quoted identifiers", DAILY, DAILY.replace("FROM raw.transactions",
            "FROM \"raw\".\"transactions\"").replace("SELECT customer_id", "SELECT \"customer_id\"")),
        same("upper-case unquoted identifiers", DAILY, DAILY.replace("customer_id", "CUSTOMER_ID")),
        same("column aliases", DAILY, DAILY.replace("AS total", "AS t").replace("AS txn_count",
            "AS n").replace("AS day", "AS d")),
        same("table aliases", JOIN, JOIN.replace("t.", "tx.").replace(" t ", " tx ")
            .replace("c.", "cust.").replace(" c ", " cust ")),
        same("order of AND-ed predicates", JOIN, JOIN.replace(
            "t.day = DATE '{{ ds }}' AND c.country = 'NL' AND t.amount > 0",
            "t.amount > 0 AND c.country = 'NL' AND t.day = DATE '{{ ds }}'")),
        same("sides of an equality", JOIN, JOIN.replace("c.customer_id = t.customer_id",
            "t.customer_id = c.customer_id").replace("c.country = 'NL'", "'NL' = c.country")),
        same("predicate in ON or in WHERE", JOIN, JOIN.replace(
            "ON c.customer_id = t.customer_id", "ON c.customer_id = t.customer_id AND c.country = 'NL'")
            .replace(" AND c.country = 'NL' AND t.amount", " AND t.amount")),
        same("an outer join that a filter makes inner", JOIN, JOIN.replace(" JOIN ", " LEFT JOIN ")),
        same("a CTE or a subquery", WEEKLY, "DELETE FROM analytics.weekly_customer_totals"
            + " WHERE day = DATE '{{ ds }}'; INSERT INTO analytics.weekly_customer_totals"
            + " WITH w AS (SELECT * FROM analytics.daily_customer_totals WHERE day BETWEEN"
            + " DATE '{{ macros.ds_add(ds, -6) }}' AND DATE '{{ ds }}')"
            + " SELECT customer_id, DATE '{{ ds }}' AS day, SUM(total) AS total_7d FROM w"
            + " GROUP BY customer_id"),
        same("CTE names", "INSERT INTO analytics.daily_customer_totals WITH a AS (SELECT * FROM"
            + " raw.transactions WHERE day = DATE '{{ ds }}') SELECT customer_id, day, SUM(amount),"
            + " COUNT(*) FROM a GROUP BY customer_id, day",
            "INSERT INTO analytics.daily_customer_totals WITH todays AS (SELECT * FROM"
            + " raw.transactions WHERE day = DATE '{{ ds }}') SELECT customer_id, day, SUM(amount),"
            + " COUNT(*) FROM todays GROUP BY customer_id, day"),
        same("order of OR-ed predicates", "INSERT INTO analytics.daily_customer_totals SELECT"
            + " customer_id, day, SUM(amount), COUNT(*) FROM raw.transactions WHERE day ="
            + " DATE '{{ ds }}' AND (amount > 100 OR customer_id = 7) GROUP BY customer_id, day",
            "INSERT INTO analytics.daily_customer_totals SELECT customer_id, day, SUM(amount),"
            + " COUNT(*) FROM raw.transactions WHERE (customer_id = 7 OR amount > 100) AND"
            + " day = DATE '{{ ds }}' GROUP BY customer_id, day"),
        same("BETWEEN or two comparisons", WEEKLY, WEEKLY.replace(
            "day BETWEEN DATE '{{ macros.ds_add(ds, -6) }}' AND DATE '{{ ds }}'",
            "day <= DATE '{{ ds }}' AND day >= DATE '{{ macros.ds_add(ds, -6) }}'")),
        same("trailing semicolon", DAILY, DAILY.strip() + ";"),
        same("the same template in another dialect", "INSERT INTO analytics.daily_customer_totals"
            + " SELECT customer_id, day, SUM(amount), COUNT(*) FROM raw.transactions WHERE day ="
            + " DATE '{{ ds }}' GROUP BY customer_id, day", "INSERT INTO"
            + " `analytics`.`daily_customer_totals` SELECT customer_id, day, SUM(amount), COUNT(*)"
            + " FROM raw.transactions WHERE day = DATE '{{ ds }}' GROUP BY customer_id, day",
            Dialect.HIVE));
  }

  static Stream<Arguments> differentPairs() {
    return Stream.of(
        different("another window", WEEKLY, WEEKLY.replace("ds_add(ds, -6)", "ds_add(ds, -5)")),
        different("another logical date offset", DAILY, DAILY.replace("DATE '{{ ds }}'\nGROUP",
            "DATE '{{ macros.ds_add(ds, -1) }}'\nGROUP")),
        different("another aggregate", DAILY, DAILY.replace("SUM(amount)", "MAX(amount)")),
        different("another input table", "INSERT INTO analytics.weekly_customer_totals SELECT"
            + " customer_id, day, total FROM analytics.daily_customer_totals WHERE day ="
            + " DATE '{{ ds }}'", "INSERT INTO analytics.weekly_customer_totals SELECT customer_id,"
            + " day, total_7d FROM analytics.weekly_customer_totals WHERE day = DATE '{{ ds }}'"),
        different("another output table", "INSERT INTO analytics.weekly_customer_totals SELECT"
            + " customer_id, day, total FROM analytics.daily_customer_totals WHERE day ="
            + " DATE '{{ ds }}'", "INSERT INTO analytics.week_over_week (customer_id, day,"
            + " total_7d) SELECT customer_id, day, total FROM analytics.daily_customer_totals"
            + " WHERE day = DATE '{{ ds }}'"),
        different("another write mode", DAILY, DAILY.substring(DAILY.indexOf("INSERT"))),
        different("a predicate more", DAILY, DAILY.replace("WHERE day = DATE '{{ ds }}'",
            "WHERE day = DATE '{{ ds }}' AND amount > 0")),
        different("another constant", JOIN, JOIN.replace("'NL'", "'DE'")),
        different("another comparison", JOIN, JOIN.replace("t.amount > 0", "t.amount >= 0")),
        different("AND instead of OR", "INSERT INTO analytics.daily_customer_totals SELECT"
            + " customer_id, day, SUM(amount), COUNT(*) FROM raw.transactions WHERE day ="
            + " DATE '{{ ds }}' AND (amount > 100 OR customer_id = 7) GROUP BY customer_id, day",
            "INSERT INTO analytics.daily_customer_totals SELECT customer_id, day, SUM(amount),"
            + " COUNT(*) FROM raw.transactions WHERE day = DATE '{{ ds }}' AND (amount > 100 AND"
            + " customer_id = 7) GROUP BY customer_id, day"),
        different("LEFT instead of inner join", JOIN.replace(" AND c.country = 'NL'", ""),
            JOIN.replace(" AND c.country = 'NL'", "").replace(" JOIN ", " LEFT JOIN ")),
        different("another grouping", "INSERT INTO analytics.daily_customer_totals SELECT"
            + " customer_id, day, SUM(amount), COUNT(*) FROM raw.transactions WHERE day ="
            + " DATE '{{ ds }}' GROUP BY customer_id, day", "INSERT INTO"
            + " analytics.daily_customer_totals SELECT MIN(customer_id), day, SUM(amount),"
            + " COUNT(*) FROM raw.transactions WHERE day = DATE '{{ ds }}' GROUP BY day"),
        different("columns in another order", "INSERT INTO analytics.daily_customer_totals"
            + " (customer_id, day, total, txn_count) SELECT customer_id, day, SUM(amount),"
            + " COUNT(*) FROM raw.transactions WHERE day = DATE '{{ ds }}' GROUP BY customer_id,"
            + " day", "INSERT INTO analytics.daily_customer_totals (customer_id, day, txn_count,"
            + " total) SELECT customer_id, day, SUM(amount), COUNT(*) FROM raw.transactions"
            + " WHERE day = DATE '{{ ds }}' GROUP BY customer_id, day"),
        different("DISTINCT", EcommerceExample.CUSTOMER_LIFETIME_VALUE,
            EcommerceExample.CUSTOMER_LIFETIME_VALUE.replace("SUM(total)", "SUM(DISTINCT total)")),
        different("another parameter", "INSERT INTO analytics.daily_customer_totals SELECT"
            + " t.customer_id, t.day, SUM(t.amount), COUNT(*) FROM raw.transactions t JOIN"
            + " dim.customers c ON c.customer_id = t.customer_id WHERE t.day = DATE '{{ ds }}'"
            + " AND c.segment = '{{ params.a }}' GROUP BY t.customer_id, t.day",
            "INSERT INTO analytics.daily_customer_totals SELECT t.customer_id, t.day,"
            + " SUM(t.amount), COUNT(*) FROM raw.transactions t JOIN dim.customers c ON"
            + " c.customer_id = t.customer_id WHERE t.day = DATE '{{ ds }}'"
            + " AND c.segment = '{{ params.b }}' GROUP BY t.customer_id, t.day"),
        different("subtraction's operand order", "INSERT INTO analytics.week_over_week SELECT"
            + " customer_id, day, total_7d, total_7d, total_7d - 1 FROM"
            + " analytics.weekly_customer_totals WHERE day = DATE '{{ ds }}'",
            "INSERT INTO analytics.week_over_week SELECT customer_id, day, total_7d, total_7d,"
            + " 1 - total_7d FROM analytics.weekly_customer_totals WHERE day = DATE '{{ ds }}'"));
  }

  private static Arguments same(String why, String a, String b) {
    return Arguments.of(why, a, b, Dialect.TRINO);
  }

  private static Arguments same(String why, String a, String b, Dialect dialectOfB) {
    return Arguments.of(why, a, b, dialectOfB);
  }

  private static Arguments different(String why, String a, String b) {
    return Arguments.of(why, a, b);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samePairs")
  void fingerprintsMatchWhenOnly(String why, String a, String b, Dialect dialectOfB) {
    assertThat(a).isNotEqualTo(b);
    assertThat(fingerprint(b, dialectOfB)).isEqualTo(fingerprint(a, Dialect.TRINO));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("differentPairs")
  void fingerprintsDifferFor(String why, String a, String b) {
    assertThat(a).isNotEqualTo(b);
    assertThat(fingerprint(b, Dialect.TRINO)).isNotEqualTo(fingerprint(a, Dialect.TRINO));
  }
}

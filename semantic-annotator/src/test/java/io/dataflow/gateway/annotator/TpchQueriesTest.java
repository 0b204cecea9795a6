package io.dataflow.gateway.annotator;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.gateway.annotator.schema.MapSchemaProvider;
import io.dataflow.gateway.annotator.schema.SchemaProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 22 TPC-H queries, as they ship in {@code io.trino.tpch:tpch}, each written into a table with
 * {@code INSERT INTO … SELECT}: every one parses, is resolved against the TPC-H schema, and reads
 * exactly the tables it names.
 */
class TpchQueriesTest {

  private static final SchemaProvider TPCH = MapSchemaProvider.builder()
      .table("lineitem", "l_orderkey BIGINT, l_partkey BIGINT, l_suppkey BIGINT, l_linenumber INTEGER,"
          + " l_quantity DOUBLE, l_extendedprice DOUBLE, l_discount DOUBLE, l_tax DOUBLE,"
          + " l_returnflag VARCHAR(1), l_linestatus VARCHAR(1), l_shipdate DATE, l_commitdate DATE,"
          + " l_receiptdate DATE, l_shipinstruct VARCHAR(25), l_shipmode VARCHAR(10), l_comment VARCHAR(44)")
      .table("orders", "o_orderkey BIGINT, o_custkey BIGINT, o_orderstatus VARCHAR(1),"
          + " o_totalprice DOUBLE, o_orderdate DATE, o_orderpriority VARCHAR(15), o_clerk VARCHAR(15),"
          + " o_shippriority INTEGER, o_comment VARCHAR(79)")
      .table("customer", "c_custkey BIGINT, c_name VARCHAR(25), c_address VARCHAR(40),"
          + " c_nationkey BIGINT, c_phone VARCHAR(15), c_acctbal DOUBLE, c_mktsegment VARCHAR(10),"
          + " c_comment VARCHAR(117)")
      .table("part", "p_partkey BIGINT, p_name VARCHAR(55), p_mfgr VARCHAR(25), p_brand VARCHAR(10),"
          + " p_type VARCHAR(25), p_size INTEGER, p_container VARCHAR(10), p_retailprice DOUBLE,"
          + " p_comment VARCHAR(23)")
      .table("supplier", "s_suppkey BIGINT, s_name VARCHAR(25), s_address VARCHAR(40),"
          + " s_nationkey BIGINT, s_phone VARCHAR(15), s_acctbal DOUBLE, s_comment VARCHAR(101)")
      .table("partsupp", "ps_partkey BIGINT, ps_suppkey BIGINT, ps_availqty INTEGER,"
          + " ps_supplycost DOUBLE, ps_comment VARCHAR(199)")
      .table("nation", "n_nationkey BIGINT, n_name VARCHAR(25), n_regionkey BIGINT, n_comment VARCHAR(152)")
      .table("region", "r_regionkey BIGINT, r_name VARCHAR(25), r_comment VARCHAR(152)")
      .build();

  /** What each query reads, written out from the query texts. */
  private static final Map<Integer, List<String>> INPUTS = Map.ofEntries(
      Map.entry(1, List.of("lineitem")),
      Map.entry(2, List.of("part", "supplier", "partsupp", "nation", "region")),
      Map.entry(3, List.of("customer", "orders", "lineitem")),
      Map.entry(4, List.of("orders", "lineitem")),
      Map.entry(5, List.of("customer", "orders", "lineitem", "supplier", "nation", "region")),
      Map.entry(6, List.of("lineitem")),
      Map.entry(7, List.of("supplier", "lineitem", "orders", "customer", "nation")),
      Map.entry(8, List.of("part", "supplier", "lineitem", "orders", "customer", "nation", "region")),
      Map.entry(9, List.of("part", "supplier", "lineitem", "partsupp", "orders", "nation")),
      Map.entry(10, List.of("customer", "orders", "lineitem", "nation")),
      Map.entry(11, List.of("partsupp", "supplier", "nation")),
      Map.entry(12, List.of("orders", "lineitem")),
      Map.entry(13, List.of("customer", "orders")),
      Map.entry(14, List.of("lineitem", "part")),
      Map.entry(15, List.of("lineitem", "supplier")),
      Map.entry(16, List.of("partsupp", "part", "supplier")),
      Map.entry(17, List.of("lineitem", "part")),
      Map.entry(18, List.of("customer", "orders", "lineitem")),
      Map.entry(19, List.of("lineitem", "part")),
      Map.entry(20, List.of("supplier", "nation", "partsupp", "lineitem", "part")),
      Map.entry(21, List.of("supplier", "lineitem", "orders", "nation")),
      Map.entry(22, List.of("customer", "orders")));

  /** Query 15 defines a view and reads it; a task computes it inline, as a WITH query. */
  private static final Pattern VIEW = Pattern.compile(
      "(?is)\\s*CREATE\\s+OR\\s+REPLACE\\s+VIEW\\s+(\\w+)\\s+AS\\s+(.*?);\\s*(SELECT.*)");

  static Stream<Integer> queries() {
    return IntStream.rangeClosed(1, 22).boxed();
  }

  @ParameterizedTest(name = "q{0}")
  @MethodSource("queries")
  void insertingTheResultOfEachQueryReadsExactlyItsTables(int number) throws IOException {
    String sql = "INSERT INTO tpch_results.q" + number + "\n" + query(number);

    TaskAnnotation annotation = SemanticAnnotator.create().annotate(sql, Dialect.TRINO, TPCH);

    assertThat(annotation.inputs()).extracting(i -> i.table().toString())
        .as("inputs of q%d", number).containsExactlyInAnyOrderElementsOf(INPUTS.get(number));
    assertThat(annotation.mode()).as("q%d, notes: %s", number, annotation.notes())
        .isEqualTo(AnalysisMode.RESOLVED);
    assertThat(annotation.output()).hasValueSatisfying(
        o -> assertThat(o.writeMode()).isEqualTo(WriteMode.APPEND));
  }

  private static String query(int number) throws IOException {
    String resource = "io/trino/tpch/queries/q" + number + ".sql";
    try (InputStream in = TpchQueriesTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as("%s on the test class path", resource).isNotNull();
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replaceAll("(?m)^--.*$", "").strip();
      Matcher view = VIEW.matcher(text);
      if (view.matches()) {
        text = "WITH " + view.group(1) + " AS (" + view.group(2) + ")\n" + view.group(3);
      }
      return text.endsWith(";") ? text.substring(0, text.length() - 1) : text;
    }
  }
}

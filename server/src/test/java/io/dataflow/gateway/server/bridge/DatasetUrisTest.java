package io.dataflow.gateway.server.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.gateway.planner.model.DatasetId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetUrisTest {

  private final DatasetUris uris = new DatasetUris(
      Map.of("postgres://db.internal:5432/shop/public/orders", "raw.orders", "s3://lake/exports/daily", "Analytics.Daily_Exports"),
      List.of("iceberg", "lake"));

  private DatasetId mapped(String uri) {
    DatasetUris.Mapping mapping = uris.map(uri);
    assertThat(mapping).as(uri).isInstanceOf(DatasetUris.Mapping.Mapped.class);
    return ((DatasetUris.Mapping.Mapped) mapping).dataset();
  }

  private String refused(String uri) {
    DatasetUris.Mapping mapping = uris.map(uri);
    assertThat(mapping).as(uri).isInstanceOf(DatasetUris.Mapping.Refused.class);
    return ((DatasetUris.Mapping.Refused) mapping).reason();
  }

  @Test
  void trinoUrisOfTheTrinoProviderNameTheTableOfAGatewayCatalog() {
    assertThat(mapped("trino://trino.internal:8080/iceberg/analytics/daily_customer_totals"))
        .isEqualTo(DatasetId.of("analytics.daily_customer_totals"));
    assertThat(mapped("trino://trino.internal/LAKE/Raw/Transactions")).isEqualTo(DatasetId.of("raw.transactions"));
  }

  @Test
  void trinoUrisOfAnotherCatalogOrWithoutTheThreePartsAreRefused() {
    assertThat(refused("trino://trino.internal:8080/hive/raw/transactions")).contains("hive").contains("bridge.trinoCatalogs");
    assertThat(refused("trino://trino.internal:8080/raw/transactions")).contains("<catalog>/<schema>/<table>");
    assertThat(refused("trino:///iceberg/raw/transactions")).contains("<host>");
  }

  @Test
  void icebergUrisNameSchemaAndTable() {
    assertThat(mapped("iceberg://warehouse/raw/transactions")).isEqualTo(DatasetId.of("raw.transactions"));
    assertThat(refused("iceberg://warehouse/prod/raw/transactions")).contains("ambiguous");
  }

  @Test
  void theExplicitMapComesFirstAndIsTheOnlyWayForOtherForms() {
    assertThat(mapped("postgres://db.internal:5432/shop/public/orders")).isEqualTo(DatasetId.of("raw.orders"));
    assertThat(mapped("s3://lake/exports/daily")).isEqualTo(DatasetId.of("analytics.daily_exports"));
    assertThat(refused("postgres://db.internal:5432/shop/public/customers")).contains("table of postgres").contains("bridge.datasets");
    assertThat(refused("s3://lake/exports/weekly")).contains("file location");
    assertThat(refused("gopher://x/y/z")).contains("unknown scheme gopher");
    assertThat(refused("daily_totals")).contains("no scheme");
    assertThat(refused("trino://a b/c")).contains("not a URI");
  }

  @Test
  void anExplicitMappingToSomethingOtherThanSchemaDotTableIsRejectedNamingTheKey() {
    assertThatThrownBy(() -> BridgeConfig.fromYaml(true, null, Map.of("s3://lake/x", "just_a_table"), null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bridge.datasets[\"s3://lake/x\"]")
        .hasMessageContaining("<schema>.<table>");
  }
}

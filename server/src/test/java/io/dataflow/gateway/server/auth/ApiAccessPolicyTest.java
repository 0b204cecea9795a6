package io.dataflow.gateway.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiAccessPolicyTest {

  private final AccessPolicy policy = new AccessPolicy();

  private Optional<Role> required(String method, String path) {
    return policy.required(method, path);
  }

  @Test
  void readsNeedAReaderAndChangesAnOperator() {
    assertThat(required("GET", "api/v1/datasets/raw.transactions/partitions")).contains(Role.READER);
    assertThat(required("GET", "/api/v1/runtime")).contains(Role.READER);
    assertThat(required("POST", "api/v1/datasets/analytics.daily/refresh")).contains(Role.OPERATOR);
    assertThat(required("POST", "api/v1/backfills")).contains(Role.OPERATOR);
    assertThat(required("POST", "api/v1/dags/ecommerce_daily/migrate")).contains(Role.OPERATOR);
    assertThat(required("POST", "api/v1/dags/ecommerce_daily/rollback")).contains(Role.OPERATOR);
  }

  @Test
  void importsAndTokensNeedAnAdminEvenToRead() {
    assertThat(required("GET", "api/v1/tokens")).contains(Role.ADMIN);
    assertThat(required("DELETE", "api/v1/tokens/tok_1")).contains(Role.ADMIN);
    assertThat(required("POST", "api/v1/imports")).contains(Role.ADMIN);
    assertThat(required("GET", "api/v1/imports/7")).contains(Role.ADMIN);
    assertThat(required("GET", "api/v1/tokensmith")).as("only the tokens path itself").contains(Role.READER);
  }

  @Test
  void theCatalogIsReadByReadersAndWrittenByOperators() {
    assertThat(required("GET", "iceberg/v1/config")).contains(Role.READER);
    assertThat(required("HEAD", "iceberg/v1/namespaces/raw")).contains(Role.READER);
    assertThat(required("POST", "iceberg/v1/namespaces/raw/tables/transactions")).contains(Role.OPERATOR);
    assertThat(required("DELETE", "iceberg/v1/namespaces/raw")).contains(Role.OPERATOR);
  }

  @Test
  void theApiDescriptionAndOtherPathsArePublic() {
    assertThat(required("GET", "api/v1/openapi.json")).isEmpty();
    assertThat(required("GET", "")).isEmpty();
    assertThat(required("GET", "icebergs")).isEmpty();
  }

  @Test
  void rolesIncludeTheLowerOnes() {
    assertThat(Role.ADMIN.includes(Role.OPERATOR)).isTrue();
    assertThat(Role.OPERATOR.includes(Role.READER)).isTrue();
    assertThat(Role.READER.includes(Role.OPERATOR)).isFalse();
    assertThat(Role.parse(" Operator ")).isEqualTo(Role.OPERATOR);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Role.parse("root"))
        .hasMessage("Unknown role 'root': expected one of [reader, operator, admin]");
  }
}

package io.dataflow.gateway.server.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.gateway.importer.AirflowConnection;
import io.dataflow.gateway.importer.AirflowVersion;
import io.dataflow.gateway.importer.Authentication;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AirflowReferenceTest {

  private static final Map<String, String> ENVIRONMENT = Map.of("AIRFLOW_PASSWORD", "pa55", "AIRFLOW_TOKEN", "t0ken");

  @Test
  void secretsAreReadFromTheNamedVariablesWhenConnecting() {
    AirflowConnection basic = new AirflowReference("https://airflow.example.com", "2", "gateway", "AIRFLOW_PASSWORD", null)
        .connection(ENVIRONMENT::get, "airflow");
    AirflowConnection bearer = new AirflowReference("http://airflow:8080", "3", null, null, "AIRFLOW_TOKEN")
        .connection(ENVIRONMENT::get, "airflow");

    assertThat(basic.version()).isEqualTo(AirflowVersion.AIRFLOW_2);
    assertThat(basic.authentication()).isEqualTo(new Authentication.Basic("gateway", "pa55"));
    assertThat(bearer.version()).isEqualTo(AirflowVersion.AIRFLOW_3);
    assertThat(bearer.authentication()).isEqualTo(new Authentication.Bearer("t0ken"));
  }

  @Test
  void aPasswordTypedIntoTheAddressIsRefusedWithoutRepeatingIt() {
    assertThatThrownBy(() -> new AirflowReference("https://admin:hunter2@airflow.example.com", "2", null, null, null)
        .connection(ENVIRONMENT::get, "airflow"))
        .isInstanceOfSatisfying(AirflowReference.InvalidReference.class, e -> assertThat(e.field()).isEqualTo("url"))
        .hasMessage("airflow.url must not carry credentials (user:password@); name them with airflow.user and airflow.passwordEnv,"
            + " or airflow.tokenEnv")
        .message().doesNotContain("hunter2");
  }

  @Test
  void eachInvalidFieldIsNamed() {
    assertThatThrownBy(() -> new AirflowReference("ftp://airflow", "2", null, null, null).connection(ENVIRONMENT::get, "airflow"))
        .hasMessage("airflow.url 'ftp://airflow' is not an http(s) address");
    assertThatThrownBy(() -> new AirflowReference("http://airflow", "4", null, null, null).connection(ENVIRONMENT::get, "airflow"))
        .hasMessage("airflow.version must be 2 (REST API /api/v1) or 3 (/api/v2), not '4'");
    assertThatThrownBy(() -> new AirflowReference("http://airflow", "2", "gateway", null, null).connection(ENVIRONMENT::get, "airflow"))
        .isInstanceOfSatisfying(AirflowReference.InvalidReference.class, e -> assertThat(e.field()).isEqualTo("passwordEnv"));
    assertThatThrownBy(() -> new AirflowReference("http://airflow", "2", null, null, "UNSET").connection(ENVIRONMENT::get, "airflow"))
        .hasMessage("The environment variable UNSET named by airflow.tokenEnv is not set for the gateway");
  }
}

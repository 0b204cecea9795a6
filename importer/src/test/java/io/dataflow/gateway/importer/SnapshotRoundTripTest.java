package io.dataflow.gateway.importer;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export} writes the API's own documents; importing them back needs no network and gives the same model. */
class SnapshotRoundTripTest {

    private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), 2.0);

    @TempDir
    Path dir;

    private WireMockServer airflow;

    @BeforeEach
    void start() {
        airflow = new WireMockServer(wireMockConfig().dynamicPort());
        airflow.start();
    }

    @AfterEach
    void stop() {
        airflow.stop();
    }

    @Test
    void anAirflow2SnapshotImportsToTheSameModelWithoutNetwork() throws Exception {
        AirflowFixture.serveV1(airflow, 2);
        AirflowImporter live = Importers.live(AirflowConnection.of(AirflowFixture.base(airflow),
                AirflowVersion.AIRFLOW_2, new Authentication.Basic("admin", "s3cret")).withRetry(FAST).withLimits(2, 2, 5));

        ExportResult exported = live.export(DagFilter.ALL, dir);
        ImportResult expected = live.importDags(DagFilter.ALL);
        airflow.stop();

        assertThat(exported.dagIds()).containsExactly(AirflowFixture.DAG_IDS);
        assertThat(exported.failures()).isEmpty();
        assertThat(new ObjectMapper().readTree(dir.resolve("snapshot.json").toFile()).get("api").asText()).isEqualTo("v1");
        assertThat(dir.resolve("datasets.json")).exists();
        assertThat(dir.resolve("dags/ecommerce_daily/source.json")).exists();
        assertThat(Files.readString(dir.resolve("dags/ecommerce_daily/tasks.json"))).contains("\"class_ref\"", "\"downstream_task_ids\"");
        ImportResult offline = Importers.snapshot(dir).importDags(DagFilter.ALL);
        assertThat(offline).isEqualTo(expected);
        EcommerceExpectations.assertAllThree(offline);
    }

    @Test
    void anAirflow3SnapshotImportsToTheSameModelAndFiltersLocally() {
        AirflowFixture.serveV2(airflow, 2);
        AirflowImporter live = Importers.live(AirflowConnection.of(AirflowFixture.base(airflow),
                AirflowVersion.AIRFLOW_3, new Authentication.TokenFlow("admin", "s3cret")).withRetry(FAST).withLimits(2, 2, 5));

        live.export(DagFilter.ALL, dir);
        ImportResult expected = live.importDags(DagFilter.ALL);
        airflow.stop();

        assertThat(dir.resolve("assets.json")).exists();
        AirflowImporter offline = Importers.snapshot(dir);
        assertThat(offline.importDags(DagFilter.ALL)).isEqualTo(expected);
        assertThat(offline.importDags(new DagFilter(Optional.of("ECOM%daily"), List.of(), Optional.empty())).dags())
                .extracting(d -> d.dagId()).containsExactly("ecommerce_daily");
        assertThat(offline.importDags(new DagFilter(Optional.empty(), List.of("ops"), Optional.of(true))).dags())
                .extracting(d -> d.dagId()).containsExactly("ops_maintenance");
    }

    @Test
    void aSnapshotCanBeCutDownToSomeDagsAndADagThatFailsIsLeftOutAndReported(@TempDir Path subset) {
        AirflowFixture.serveV1(airflow, 2);
        airflow.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/api/v1/dags/ops_maintenance/tasks"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(403)));
        AirflowImporter live = Importers.live(AirflowConnection.of(AirflowFixture.base(airflow),
                AirflowVersion.AIRFLOW_2, new Authentication.Anonymous()).withRetry(FAST).withLimits(2, 2, 5));

        ExportResult exported = live.export(DagFilter.ALL, dir);
        ExportResult cut = Importers.snapshot(dir).export(DagFilter.idPattern("ecommerce"), subset);

        assertThat(exported.dagIds()).containsExactly("customer_segments", "ecommerce_daily");
        assertThat(exported.failures()).extracting(ImportFailure::dagId).containsExactly("ops_maintenance");
        assertThat(cut.dagIds()).containsExactly("ecommerce_daily");
        ImportResult offline = Importers.snapshot(subset).importDags(DagFilter.ALL);
        assertThat(offline.failures()).isEmpty();
        EcommerceExpectations.assertEcommerceDaily(offline.dag("ecommerce_daily").orElseThrow());
    }

    @Test
    void aDirectoryWithoutManifestIsRefusedNamingTheFile() {
        assertThatThrownBy(() -> Importers.snapshot(dir))
                .isInstanceOf(AirflowException.class)
                .hasMessageStartingWith("Cannot read the snapshot manifest " + dir.resolve("snapshot.json"));
    }
}

package io.dataflow.gateway.importer;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.gateway.importer.TaskAssembler.DatasetLinks;
import io.dataflow.gateway.importer.TaskAssembler.RunEvidence;
import io.dataflow.gateway.importer.TaskAssembler.TaskFacts;
import io.dataflow.gateway.importer.change.Fingerprints;
import io.dataflow.gateway.importer.change.TaskAspect;
import io.dataflow.gateway.importer.model.HttpRequest;
import io.dataflow.gateway.importer.model.LegacyTask;
import io.dataflow.gateway.importer.model.RecoveredSql;
import io.dataflow.gateway.importer.model.SqlOrigin;
import io.dataflow.gateway.importer.model.SqlUnavailable;
import io.dataflow.gateway.importer.sql.DagSourceScanner;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The request of an HTTP operator is recovered like a BashOperator's command: literal first, then rendered runs. */
class HttpOperatorRecoveryTest {

    private static final String MODULE = "airflow.providers.http.operators.http";
    private static final List<String> TEMPLATED = List.of("endpoint", "data", "headers");
    private static final DatasetLinks NO_LINKS = new DatasetLinks(Map.of(), Map.of(), Map.of());

    @Test
    void literalArgumentsInTheDagFileGiveTheWholeRequest() {
        String source = """
                post_report = HttpOperator(
                    task_id="post_report",
                    http_conn_id="finance_api",
                    method="put",
                    endpoint="/v1/reports/{{ ds }}",
                    data='{"day": "{{ ds }}"}',
                    headers={"Content-Type": "application/json", 'X-Team': 'finance'},
                )
                """;

        HttpRequest http = task("post_report", "HttpOperator", source, List.of()).http().orElseThrow();

        assertThat(http).isEqualTo(new HttpRequest(Optional.of("finance_api"), "PUT",
                Optional.of(literal("/v1/reports/{{ ds }}")), Optional.of(literal("{\"day\": \"{{ ds }}\"}")),
                Map.of("Content-Type", "application/json", "X-Team", "finance"), List.of()));
    }

    @Test
    void anEndpointBuiltInPythonIsDeRenderedFromTheRunsAndTheOperatorsDefaultsApply() {
        String source = """
                ping = SimpleHttpOperator(task_id="ping", endpoint=f"/health/{DAY}", headers=HEADERS)
                """;
        List<RunEvidence> runs = List.of(
                run("2024-01-10", Map.of("endpoint", "/health/2024-01-10", "headers", Map.of("Accept", "text/plain"))),
                run("2024-01-11", Map.of("endpoint", "/health/2024-01-11", "headers", Map.of("Accept", "text/plain"))),
                run("2024-01-12", Map.of("endpoint", "/health/2024-01-12", "headers", Map.of("Accept", "text/plain"))));

        HttpRequest http = task("ping", "SimpleHttpOperator", source, runs).http().orElseThrow();

        assertThat(http.connectionId()).contains("http_default");
        assertThat(http.method()).isEqualTo("POST");
        assertThat(http.endpoint()).contains(new RecoveredSql(List.of("/health/{{ ds }}"), SqlOrigin.DE_RENDERED, 0.75, 3));
        assertThat(http.data()).isEmpty();
        assertThat(http.headers()).isEqualTo(Map.of("Accept", "text/plain"));
        assertThat(http.unsupported()).isEmpty();
    }

    @Test
    void whatTheRequestCannotCarryIsNamedWithItsArgument() {
        String source = """
                check = HttpOperator(task_id="check", http_conn_id=CONN, endpoint=ENDPOINT, data={"a": 1},
                                     response_check=lambda response: "ok" in response.text)
                """;

        HttpRequest http = task("check", "HttpOperator", source, List.of()).http().orElseThrow();

        assertThat(http.connectionId()).isEmpty();
        assertThat(http.unsupported()).containsExactly(
                "http_conn_id: HttpOperator(…) at line 1 does not give it as a literal",
                "response_check: HttpOperator(…) at line 1 passes a Python callable, which the gateway cannot run");
        assertThat(http.endpoint().orElseThrow()).isInstanceOfSatisfying(SqlUnavailable.class, u -> assertThat(u.reason())
                .startsWith("DAG source: HttpOperator(…) at line 1 passes endpoint= as the expression `ENDPOINT`, not a literal; rendered runs: "));
        assertThat(http.data().orElseThrow()).isInstanceOf(SqlUnavailable.class);
    }

    @Test
    void withoutTheDagSourceThePlainArgumentsAreUnknown() {
        List<RunEvidence> runs = List.of(run("2024-01-10", Map.of("endpoint", "/ping")), run("2024-01-11", Map.of("endpoint", "/ping")));

        LegacyTask task = TaskAssembler.task("ops", facts("ping", "HttpOperator", MODULE), Optional.empty(), "404 Not Found", runs, NO_LINKS);

        HttpRequest http = task.http().orElseThrow();
        assertThat(http.connectionId()).isEmpty();
        assertThat(http.unsupported()).containsExactly(
                "its http_conn_id, method and response_check are unknown: the DAG source could not be read (404 Not Found)");
        assertThat(http.endpoint().orElseThrow()).isInstanceOfSatisfying(RecoveredSql.class,
                r -> assertThat(r.statements()).containsExactly("/ping"));
    }

    @Test
    void onlyTheHttpProvidersOperatorsCarryARequest() {
        String source = "t = HttpOperator(task_id='t', endpoint='/x')\nb = BashOperator(task_id='b', bash_command='true')\n";

        assertThat(TaskAssembler.task("ops", facts("t", "HttpOperator", "my_company.operators"), Optional.of(DagSourceScanner.scan(source)),
                "", List.of(), NO_LINKS).http()).isEmpty();
        assertThat(TaskAssembler.task("ops", facts("b", "BashOperator", "airflow.providers.standard.operators.bash"),
                Optional.of(DagSourceScanner.scan(source)), "", List.of(), NO_LINKS).http()).isEmpty();
    }

    @Test
    void theRequestCountsInTheTasksFingerprintItsConnectionAsTheConnection() {
        String source = "t = HttpOperator(task_id='t', http_conn_id='%s', endpoint='%s')";
        LegacyTask base = task("t", "HttpOperator", source.formatted("api", "/a"), List.of());
        LegacyTask otherEndpoint = task("t", "HttpOperator", source.formatted("api", "/b"), List.of());
        LegacyTask otherConnection = task("t", "HttpOperator", source.formatted("api2", "/a"), List.of());

        Map<TaskAspect, String> aspects = Fingerprints.of(base).aspects();
        assertThat(Fingerprints.of(otherEndpoint).aspects()).isNotEqualTo(aspects)
                .containsEntry(TaskAspect.CONNECTION, aspects.get(TaskAspect.CONNECTION))
                .doesNotContainEntry(TaskAspect.SQL, aspects.get(TaskAspect.SQL));
        assertThat(Fingerprints.of(otherConnection).aspects())
                .containsEntry(TaskAspect.SQL, aspects.get(TaskAspect.SQL))
                .doesNotContainEntry(TaskAspect.CONNECTION, aspects.get(TaskAspect.CONNECTION));
        // a task that is no HTTP operator hashes as it did before the request was recovered
        LegacyTask withoutRequest = new LegacyTask("t", "HttpOperator", MODULE, List.of(), "all_success", 0, Optional.empty(),
                Optional.empty(), Optional.empty(), TEMPLATED, Optional.empty(), Optional.empty(), List.of(), List.of(), Optional.empty(),
                Optional.empty());
        assertThat(withoutRequest.http()).isEmpty();
        assertThat(Fingerprints.of(withoutRequest).hash()).isNotEqualTo(Fingerprints.of(base).hash());
    }

    @Test
    void aDictLiteralOfTextIsReadAndAnythingElseIsNot() {
        assertThat(TaskAssembler.stringDict("{}")).contains(Map.of());
        assertThat(TaskAssembler.stringDict("{'a': 'b', \"c\" : \"d\",}")).contains(Map.of("a", "b", "c", "d"));
        assertThat(TaskAssembler.stringDict("{'a': TOKEN}")).isEmpty();
        assertThat(TaskAssembler.stringDict("{**BASE, 'a': 'b'}")).isEmpty();
        assertThat(TaskAssembler.stringDict("dict(a='b')")).isEmpty();
    }

    private static LegacyTask task(String taskId, String operator, String source, List<RunEvidence> runs) {
        return TaskAssembler.task("ops", facts(taskId, operator, MODULE), Optional.of(DagSourceScanner.scan(source)), "", runs, NO_LINKS);
    }

    private static TaskFacts facts(String taskId, String operator, String module) {
        return new TaskFacts(taskId, operator, module, List.of(), "all_success", 0, Optional.empty(), Optional.empty(), Optional.empty(),
                TEMPLATED);
    }

    /** A daily run of the DAG with the rendered fields of its task {@code ping}. */
    private static RunEvidence run(String day, Map<String, Object> rendered) {
        OffsetDateTime logical = OffsetDateTime.parse(day + "T00:00:00Z");
        return new RunEvidence(logical, Optional.of(logical), Optional.of(logical.plusDays(1)), Map.of("ping", rendered));
    }

    private static RecoveredSql literal(String text) {
        return new RecoveredSql(List.of(text), SqlOrigin.DAG_SOURCE, 1.0, 1);
    }
}

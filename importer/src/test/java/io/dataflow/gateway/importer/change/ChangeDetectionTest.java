package io.dataflow.gateway.importer.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.gateway.importer.ImportFailure;
import io.dataflow.gateway.importer.ImportResult;
import io.dataflow.gateway.importer.model.LegacyDag;
import io.dataflow.gateway.importer.model.LegacyTask;
import io.dataflow.gateway.importer.model.RecoveredSql;
import io.dataflow.gateway.importer.model.Schedule;
import io.dataflow.gateway.importer.model.SqlOrigin;
import io.dataflow.gateway.importer.model.SqlTemplate;
import io.dataflow.gateway.importer.model.SqlUnavailable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ChangeDetectionTest {

    /** The hash of {@code daily(t -> t)}; see {@link #theHashDefinitionIsStableAcrossRuns()}. */
    private static final String PINNED = "009b46c19d72af1db86e889882840af4dcc01e41c92ba068777fa05cc2eaee20";
    private static final String DAILY_SQL = "DELETE FROM t WHERE day = DATE '{{ ds }}';\nINSERT INTO t SELECT 1";

    /** A task with every field set; the operator tweaks one. */
    private static LegacyTask task(String id, List<String> downstream, UnaryOperator<TaskSpec> change) {
        TaskSpec s = change.apply(new TaskSpec(id, "SQLExecuteQueryOperator", downstream, List.of("sql", "conn_id", "database"),
                2, Duration.ofMinutes(5), Optional.of("trino"), List.of("s3://in/a", "s3://in/b"),
                Optional.of(new RecoveredSql(List.of(DAILY_SQL), SqlOrigin.DAG_SOURCE, 1.0, 1))));
        return new LegacyTask(s.id, s.operatorClass, "airflow.providers.common.sql.operators.sql", s.downstream,
                "all_success", s.retries, Optional.of(s.retryDelay), Optional.of("default_pool"), Optional.empty(),
                s.templateFields, s.connId, Optional.of("analytics"), s.inlets, List.of("s3://out/" + s.id), s.sql, Optional.empty());
    }

    private record TaskSpec(String id, String operatorClass, List<String> downstream, List<String> templateFields,
            int retries, Duration retryDelay, Optional<String> connId, List<String> inlets,
            Optional<SqlTemplate> sql) {
        TaskSpec sql(String statement) {
            return new TaskSpec(id, operatorClass, downstream, templateFields, retries, retryDelay, connId, inlets,
                    Optional.of(new RecoveredSql(List.of(statement), SqlOrigin.DAG_SOURCE, 1.0, 1)));
        }

        TaskSpec sql(SqlTemplate template) {
            return new TaskSpec(id, operatorClass, downstream, templateFields, retries, retryDelay, connId, inlets,
                    Optional.of(template));
        }

        TaskSpec retries(int n) {
            return new TaskSpec(id, operatorClass, downstream, templateFields, n, retryDelay, connId, inlets, sql);
        }

        TaskSpec connId(String conn) {
            return new TaskSpec(id, operatorClass, downstream, templateFields, retries, retryDelay, Optional.of(conn),
                    inlets, sql);
        }

        TaskSpec reordered() {
            return new TaskSpec(id, operatorClass, downstream.reversed(), templateFields.reversed(), retries, retryDelay,
                    connId, inlets.reversed(), sql);
        }
    }

    private static LegacyDag dag(String id, boolean paused, Schedule schedule, List<String> owners, List<LegacyTask> tasks) {
        return new LegacyDag(id, Optional.of("/opt/airflow/dags/" + id + ".py"), Optional.of("Daily totals"), owners,
                List.of("finance", "ecommerce"), paused, schedule, Optional.of(Instant.parse("2024-01-01T00:00:00Z")),
                Optional.empty(), true, Optional.of(1), Map.of("window", "7"), tasks, List.of("s3://out/load"),
                List.of());
    }

    private static LegacyDag daily(UnaryOperator<TaskSpec> loadChange) {
        return dag("daily", false, new Schedule.Preset("@daily"), List.of("data-eng", "finance"), List.of(
                task("extract", List.of("load"), t -> t),
                task("load", List.of(), loadChange)));
    }

    private static ImportResult imported(LegacyDag... dags) {
        return new ImportResult(List.of(dags), List.of());
    }

    @Test
    void aDagHashesAlikeWhateverTheOrderOfItsUnorderedCollections() {
        LegacyDag ordered = daily(t -> t);
        LegacyDag shuffled = dag("daily", false, new Schedule.Preset("@daily"), List.of("finance", "data-eng"), List.of(
                task("load", List.of(), TaskSpec::reordered),
                task("extract", List.of("load"), TaskSpec::reordered)));

        assertThat(Fingerprints.of(shuffled)).isEqualTo(Fingerprints.of(ordered));
    }

    @Test
    void datasetConditionsHashAlikeWhateverTheOrderOfTheirOperands() {
        assertThat(Fingerprints.schedule(new Schedule.DatasetTriggered("all(s3://b, any(s3://d, s3://c), s3://a)")))
                .isEqualTo(Fingerprints.schedule(new Schedule.DatasetTriggered("all(s3://a, s3://b, any(s3://c, s3://d))")));
        assertThat(Fingerprints.schedule(new Schedule.DatasetTriggered("all(s3://a, s3://b)")))
                .isNotEqualTo(Fingerprints.schedule(new Schedule.DatasetTriggered("any(s3://a, s3://b)")));
        assertThat(Fingerprints.condition("all(s3://odd)x, s3://a)")).isEqualTo("all(s3://odd)x, s3://a)");
    }

    @Test
    void pausedStateFileLocationAndHowTheSqlWasRecoveredAreNotChanges() {
        LegacyDag before = daily(t -> t.sql(new RecoveredSql(List.of(DAILY_SQL), SqlOrigin.DE_RENDERED, 0.5, 2)));
        LegacyDag after = new LegacyDag("daily", Optional.of("/elsewhere/daily.py"), before.description(), before.owners(),
                before.tags(), true, before.schedule(), before.startDate(), before.endDate(), before.catchup(),
                before.maxActiveRuns(), before.params(),
                daily(t -> t.sql(new RecoveredSql(List.of(DAILY_SQL.replace("\n", "  \r\n")), SqlOrigin.DAG_SOURCE, 1.0, 1)))
                        .tasks(),
                before.producedDatasets(), before.consumedDatasets());

        ImportComparison comparison = ImportComparison.compare(imported(before), imported(after));

        assertThat(comparison.dags()).containsExactly(new DagChange.Unchanged("daily", Fingerprints.of(before).hash()));
    }

    @Test
    void sqlThatCouldNotBeRecoveredTwiceIsUnchangedWhateverTheReason() {
        LegacyDag before = daily(t -> t.sql(new SqlUnavailable("only 1 rendered run")));
        LegacyDag after = daily(t -> t.sql(new SqlUnavailable("only 0 rendered runs")));

        assertThat(ImportComparison.compare(imported(before), imported(after)).count(DagChange.Kind.UNCHANGED)).isEqualTo(1);
    }

    @Test
    void aChangedDagSaysWhichTasksChangedAndHow() {
        LegacyDag before = dag("daily", false, new Schedule.Preset("@daily"), List.of("data-eng"), List.of(
                task("extract", List.of("load"), t -> t),
                task("load", List.of(), t -> t),
                task("notify", List.of(), t -> t)));
        LegacyDag after = dag("daily", false, new Schedule.Cron("0  6 * * *", ZoneId.of("Europe/Paris")), List.of("data-eng"),
                List.of(task("extract", List.of("audit", "load"), t -> t.retries(5)),
                        task("load", List.of(), t -> t.sql("INSERT INTO t SELECT 2").connId("trino_prod")),
                        task("audit", List.of(), t -> t)));

        DagChange change = ImportComparison.compare(imported(before), imported(after)).dag("daily").orElseThrow();

        assertThat(change).isInstanceOfSatisfying(DagChange.Changed.class, c -> {
            assertThat(c.aspects()).containsExactly(DagAspect.SCHEDULE, DagAspect.TASKS);
            assertThat(c.tasks()).containsExactly(
                    new TaskChange("audit", TaskChange.Kind.ADDED, Set.of()),
                    new TaskChange("extract", TaskChange.Kind.MODIFIED, Set.of(TaskAspect.DEPENDENCIES, TaskAspect.EXECUTION)),
                    new TaskChange("load", TaskChange.Kind.MODIFIED, Set.of(TaskAspect.SQL, TaskAspect.CONNECTION)),
                    new TaskChange("notify", TaskChange.Kind.REMOVED, Set.of()));
            assertThat(c.previousHash()).isEqualTo(Fingerprints.of(before).hash());
        });
    }

    @Test
    void anImportIsNewChangedUnchangedRemovedOrFailedPerDag() {
        LegacyDag kept = daily(t -> t);
        LegacyDag edited = dag("edited", false, new Schedule.Preset("@daily"), List.of("x"), List.of(task("a", List.of(), t -> t)));
        LegacyDag gone = dag("gone", false, new Schedule.None(), List.of("x"), List.of(task("a", List.of(), t -> t)));
        LegacyDag flaky = dag("flaky", false, new Schedule.None(), List.of("x"), List.of(task("a", List.of(), t -> t)));
        ImportBaseline baseline = ImportBaseline.of(imported(kept, edited, gone, flaky));
        LegacyDag editedNow = dag("edited", false, new Schedule.Preset("@hourly"), List.of("x"),
                List.of(task("a", List.of(), t -> t)));
        LegacyDag fresh = dag("fresh", false, new Schedule.None(), List.of("x"), List.of(task("a", List.of(), t -> t)));
        ImportFailure failure = new ImportFailure("flaky", "GET /api/v2/dags/flaky/tasks", "timed out after 4 attempts");

        ImportComparison comparison = ImportComparison.compare(baseline,
                new ImportResult(List.of(kept, editedNow, fresh), List.of(failure)));

        assertThat(comparison.dags()).extracting(DagChange::dagId, DagChange::kind).containsExactly(
                tuple("daily", DagChange.Kind.UNCHANGED),
                tuple("edited", DagChange.Kind.CHANGED),
                tuple("flaky", DagChange.Kind.FAILED),
                tuple("fresh", DagChange.Kind.NEW),
                tuple("gone", DagChange.Kind.REMOVED));
        assertThat(comparison.dag("edited").orElseThrow())
                .isInstanceOfSatisfying(DagChange.Changed.class, c -> assertThat(c.aspects()).containsExactly(DagAspect.SCHEDULE));
        assertThat(comparison.dag("flaky").orElseThrow()).isEqualTo(new DagChange.Failed("flaky",
                "GET /api/v2/dags/flaky/tasks", "timed out after 4 attempts", Optional.of(Fingerprints.of(flaky).hash())));
        assertThat(comparison.summary()).isEqualTo("1 new, 1 changed, 1 unchanged, 1 removed, 1 failed");
        // the failed DAG keeps its old fingerprint, the removed one is forgotten
        assertThat(comparison.nextBaseline().dags()).containsOnlyKeys("daily", "edited", "flaky", "fresh");
        assertThat(comparison.nextBaseline().dags().get("flaky")).isEqualTo(Fingerprints.of(flaky));
    }

    @Test
    void reimportingTheSameDagsIsUnchangedEverywhere() {
        ImportResult first = imported(daily(t -> t), dag("other", true, new Schedule.None(), List.of(), List.of()));
        ImportComparison again = ImportComparison.compare(ImportComparison.compare(ImportBaseline.EMPTY, first).nextBaseline(), first);
        assertThat(ImportComparison.compare(ImportBaseline.EMPTY, first).count(DagChange.Kind.NEW)).isEqualTo(2);
        assertThat(again.count(DagChange.Kind.UNCHANGED)).isEqualTo(2);
        assertThat(again.nextBaseline()).isEqualTo(ImportBaseline.of(first));
    }

    @Test
    void aBaselineSurvivesAJsonRoundTripAndStillCompares() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ImportBaseline baseline = ImportBaseline.of(imported(daily(t -> t)));

        ImportBaseline read = json.readValue(json.writeValueAsString(baseline), ImportBaseline.class);

        assertThat(read).isEqualTo(baseline);
        assertThat(ImportComparison.compare(read, imported(daily(t -> t))).count(DagChange.Kind.UNCHANGED)).isEqualTo(1);
    }

    @Test
    void theHashDefinitionIsStableAcrossRuns() {
        // pinned: a different value means the definition changed, and Fingerprints.VERSION must change with it
        assertThat(Fingerprints.of(daily(t -> t)).hash()).isEqualTo(PINNED);
    }

    @Test
    void aBaselineOfAnotherHashVersionIsRefused() {
        ImportBaseline old = new ImportBaseline(Fingerprints.VERSION + 1, Map.of());
        assertThatThrownBy(() -> ImportComparison.compare(old, imported()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot compare with a baseline of fingerprint version " + (Fingerprints.VERSION + 1));
    }

    @Test
    void storedHashesAreChecked() {
        assertThatThrownBy(() -> new DagChange.Unchanged("d", "abc"))
                .hasMessage("Invalid hash of DAG 'd' 'abc': expected 64 lower-case hex digits (SHA-256)");
        List<TaskChange> none = new ArrayList<>();
        String h = "0".repeat(64);
        assertThatThrownBy(() -> new DagChange.Changed("d", h, h, Set.of(DagAspect.TASKS), none))
                .hasMessage("Invalid change of DAG 'd': aspect TASKS without task changes");
    }
}

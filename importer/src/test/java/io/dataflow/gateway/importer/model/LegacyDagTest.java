package io.dataflow.gateway.importer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LegacyDagTest {

    private static LegacyTask task(String id, String... downstream) {
        return new LegacyTask(id, "EmptyOperator", "airflow.providers.standard.operators.empty", List.of(downstream),
                "all_success", 0, Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.empty(),
                Optional.empty(), List.of(), List.of(), Optional.empty(), Optional.empty());
    }

    private static LegacyDag dag(List<LegacyTask> tasks) {
        return new LegacyDag("d", Optional.empty(), Optional.empty(), List.of(), List.of("b", "a"), false,
                new Schedule.None(), Optional.of(Instant.parse("2024-01-01T00:00:00Z")), Optional.empty(), false,
                Optional.empty(), Map.of(), tasks, List.of(), List.of());
    }

    @Test
    void tasksAndTagsAreSortedSoEqualDagsAreEqualValues() {
        LegacyDag dag = dag(List.of(task("z"), task("a", "z")));
        assertThat(dag.tasks()).extracting(LegacyTask::taskId).containsExactly("a", "z");
        assertThat(dag.tags()).containsExactly("a", "b");
        assertThat(dag).isEqualTo(dag(List.of(task("a", "z"), task("z"))));
    }

    @Test
    void aMissingDownstreamTaskNamesTheDagAndTheTask() {
        assertThatThrownBy(() -> dag(List.of(task("a", "ghost"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid DAG 'd': task 'a' lists downstream task 'ghost', which is not a task of the DAG");
    }

    @Test
    void duplicateTaskIdsAreRefused() {
        assertThatThrownBy(() -> dag(List.of(task("a"), task("a"))))
                .hasMessage("Invalid DAG 'd': task id 'a' appears twice");
    }

    @Test
    void schedulesValidateTheirValues() {
        assertThatThrownBy(() -> new Schedule.Preset("@fortnightly")).hasMessageStartingWith("Unknown schedule preset '@fortnightly'");
        assertThatThrownBy(() -> new Schedule.Timedelta(Duration.ZERO)).hasMessageContaining("is not positive");
        assertThatThrownBy(() -> new RecoveredSql(List.of("x"), SqlOrigin.DE_RENDERED, 0, 2))
                .hasMessage("Invalid confidence 0.0, expected a value in (0, 1]");
    }
}

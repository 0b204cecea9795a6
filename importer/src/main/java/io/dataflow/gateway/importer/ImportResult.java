package io.dataflow.gateway.importer;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.importer.model.LegacyDag;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of one import: the DAGs read, sorted by id, and those that failed, each with its reason.
 */
public record ImportResult(List<LegacyDag> dags, List<ImportFailure> failures) {
    public ImportResult {
        dags = requireNonNull(dags, "dags is null").stream().sorted(Comparator.comparing(LegacyDag::dagId)).toList();
        failures = requireNonNull(failures, "failures is null").stream()
                .sorted(Comparator.comparing(ImportFailure::dagId)).toList();
    }

    /** The imported DAG with the given id. */
    public Optional<LegacyDag> dag(String dagId) {
        return dags.stream().filter(d -> d.dagId().equals(dagId)).findFirst();
    }
}

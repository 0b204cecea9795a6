package io.dataflow.gateway.importer;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The outcome of one export: the DAGs whose documents were written, sorted, and those that could not be read.
 */
public record ExportResult(List<String> dagIds, List<ImportFailure> failures) {
    public ExportResult {
        dagIds = requireNonNull(dagIds, "dagIds is null").stream().sorted().toList();
        failures = List.copyOf(requireNonNull(failures, "failures is null"));
    }
}

package io.dataflow.gateway.importer.change;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.importer.ImportResult;
import io.dataflow.gateway.importer.model.LegacyDag;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the gateway keeps of an import to compare the next one with: the fingerprints of the DAGs it
 * imported. A plain value that serializes to JSON and back (e.g. with Jackson) unchanged.
 *
 * @param version the {@link Fingerprints#VERSION} the hashes were computed with
 * @param dags fingerprints by DAG id, sorted
 */
public record ImportBaseline(int version, Map<String, DagFingerprint> dags) {

    /** No DAG imported yet: every DAG of the first import is new. */
    public static final ImportBaseline EMPTY = new ImportBaseline(Fingerprints.VERSION, Map.of());

    public ImportBaseline {
        if (version < 1) {
            throw new IllegalArgumentException("Invalid baseline: fingerprint version " + version + ", expected >= 1");
        }
        requireNonNull(dags, "dags is null");
        dags.forEach((id, dag) -> {
            if (!id.equals(requireNonNull(dag, "fingerprint is null").dagId())) {
                throw new IllegalArgumentException("Invalid baseline: DAG '" + dag.dagId() + "' is filed under the id '"
                        + id + "'");
            }
        });
        dags = Collections.unmodifiableMap(new TreeMap<>(dags));
    }

    /** The baseline of an import's DAGs; its failures leave no trace. */
    public static ImportBaseline of(ImportResult result) {
        requireNonNull(result, "result is null");
        Map<String, DagFingerprint> dags = new TreeMap<>();
        for (LegacyDag dag : result.dags()) {
            dags.put(dag.dagId(), Fingerprints.of(dag));
        }
        return new ImportBaseline(Fingerprints.VERSION, dags);
    }
}

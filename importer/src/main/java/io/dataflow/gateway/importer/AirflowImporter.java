package io.dataflow.gateway.importer;

import java.nio.file.Path;

/**
 * Reads DAGs from one Airflow source (a live deployment or a snapshot) into the version-neutral model.
 * Obtain one from {@link Importers}.
 */
public interface AirflowImporter {

    /**
     * Imports the DAGs that pass the filter. A DAG that cannot be read or mapped is reported in
     * {@link ImportResult#failures()} and does not stop the others.
     *
     * @throws AirflowException when the DAG list itself cannot be read (authentication refused,
     *     Airflow unreachable, snapshot unreadable)
     */
    ImportResult importDags(DagFilter filter);

    /**
     * Writes a snapshot of the DAGs that pass the filter into {@code directory}: the API's own JSON
     * documents, which {@link Importers#snapshot(Path)} reads back without network.
     *
     * A DAG whose documents cannot be read is reported in {@link ExportResult#failures()} and does not
     * stop the others.
     *
     * @return the DAGs written and those that failed
     * @throws AirflowException when the DAG list cannot be read or the directory cannot be written
     */
    ExportResult export(DagFilter filter, Path directory);
}

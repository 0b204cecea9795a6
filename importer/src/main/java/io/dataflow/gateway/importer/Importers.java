package io.dataflow.gateway.importer;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/** Where importers come from: a live Airflow of either generation, or a snapshot directory. */
public final class Importers {

    private Importers() {
    }

    /** An importer reading a live Airflow over its REST API. */
    public static AirflowImporter live(AirflowConnection connection) {
        requireNonNull(connection, "connection is null");
        return switch (connection.version()) {
            case AIRFLOW_2 -> new ImportEngine<>(new V1Generation(new V1LiveDocuments(connection),
                    connection.pageSize(), connection.recentRuns()), dagsInProgress(connection));
            case AIRFLOW_3 -> new ImportEngine<>(new V2Generation(new V2LiveDocuments(connection),
                    connection.pageSize(), connection.recentRuns()), dagsInProgress(connection));
        };
    }

    /**
     * An importer reading a snapshot written by {@link AirflowImporter#export}, without network. Its own
     * {@code export} copies the snapshot's DAGs that pass a filter into another directory.
     *
     * @throws AirflowException when the directory holds no readable snapshot manifest
     */
    public static AirflowImporter snapshot(Path directory) {
        requireNonNull(directory, "directory is null");
        return switch (SnapshotFiles.versionOf(directory)) {
            case AIRFLOW_2 -> new ImportEngine<>(new V1Generation(new V1SnapshotDocuments(
                    SnapshotFiles.open(directory, V1Generation.mapper0())), Integer.MAX_VALUE, Integer.MAX_VALUE),
                    Runtime.getRuntime().availableProcessors());
            case AIRFLOW_3 -> new ImportEngine<>(new V2Generation(new V2SnapshotDocuments(
                    SnapshotFiles.open(directory, V2Generation.mapper0())), Integer.MAX_VALUE, Integer.MAX_VALUE),
                    Runtime.getRuntime().availableProcessors());
        };
    }

    /**
     * Twice the requests allowed in flight: a DAG's documents are read one after the other, so this keeps every
     * request slot busy while some DAGs are being mapped, and bounds the documents held at once.
     */
    private static int dagsInProgress(AirflowConnection connection) {
        return 2 * connection.maxConcurrency();
    }
}

package io.dataflow.gateway.importer;

import io.dataflow.gateway.importer.model.LegacyDag;
import java.util.List;

/**
 * One Airflow API generation's way of reading DAGs: list, fetch everything about one DAG as the API's
 * own documents (a bundle), map a bundle to the neutral model, and write it to a snapshot.
 *
 * @param <B> the bundle of one DAG's documents
 * @param <C> the catalog of datasets/assets
 */
interface Generation<B, C> {

    AirflowVersion version();

    /** The mapper that reads and writes this generation's documents. */
    com.fasterxml.jackson.databind.ObjectMapper mapper();

    /** The ids of the DAGs passing the filter, all pages read. */
    List<String> dagIds(DagFilter filter);

    /** The datasets/assets catalog, all pages read. */
    C catalog();

    /** Every document about one DAG. */
    B fetch(String dagId);

    /**
     * Maps a bundle.
     *
     * @throws MappingException naming the field at fault
     */
    LegacyDag toLegacy(B bundle, C catalog);

    /** Writes the catalog and the DAG list into a snapshot. */
    void writeIndex(SnapshotFiles files, List<String> dagIds, C catalog);

    /** Writes one bundle into a snapshot. */
    void write(SnapshotFiles files, String dagId, B bundle);
}

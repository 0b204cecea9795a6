package io.dataflow.gateway.importer;

import io.dataflow.gateway.importer.client.generated.v2.model.AssetCollectionResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.DAGCollectionResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.DAGDetailsResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.DAGRunCollectionResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.DAGSourceResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.TaskCollectionResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.TaskInstanceCollectionResponse;

/**
 * The Airflow 3 ({@code /api/v2}) documents the importer reads, one method per endpoint; served live
 * or from a snapshot. Every method throws {@link AirflowException} on failure.
 */
interface V2Documents {

    /** {@code GET /api/v2/dags}, filtered. */
    DAGCollectionResponse dags(DagFilter filter, int limit, int offset);

    /** {@code GET /api/v2/dags/{dag_id}/details}. */
    DAGDetailsResponse dagDetails(String dagId);

    /** {@code GET /api/v2/dags/{dag_id}/tasks}. */
    TaskCollectionResponse tasks(String dagId);

    /** {@code GET /api/v2/dagSources/{dag_id}} (latest version). */
    DAGSourceResponse dagSource(String dagId);

    /** {@code GET /api/v2/dags/{dag_id}/dagRuns}, latest first. */
    DAGRunCollectionResponse dagRuns(String dagId, int limit, int offset);

    /** {@code GET /api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances}. */
    TaskInstanceCollectionResponse taskInstances(String dagId, String dagRunId, int limit, int offset);

    /** {@code GET /api/v2/assets}. */
    AssetCollectionResponse assets(int limit, int offset);
}

package io.dataflow.gateway.importer;

import io.dataflow.gateway.importer.client.generated.v1.model.DAGCollection;
import io.dataflow.gateway.importer.client.generated.v1.model.DAGDetail;
import io.dataflow.gateway.importer.client.generated.v1.model.DAGRunCollection;
import io.dataflow.gateway.importer.client.generated.v1.model.DatasetCollection;
import io.dataflow.gateway.importer.client.generated.v1.model.GetDagSource200Response;
import io.dataflow.gateway.importer.client.generated.v1.model.TaskCollection;
import io.dataflow.gateway.importer.client.generated.v1.model.TaskInstanceCollection;

/**
 * The Airflow 2 ({@code /api/v1}) documents the importer reads, one method per endpoint; served live
 * or from a snapshot. Every method throws {@link AirflowException} on failure.
 */
interface V1Documents {

    /** {@code GET /dags}, filtered. */
    DAGCollection dags(DagFilter filter, int limit, int offset);

    /** {@code GET /dags/{dag_id}/details}. */
    DAGDetail dagDetails(String dagId);

    /** {@code GET /dags/{dag_id}/tasks}. */
    TaskCollection tasks(String dagId);

    /** {@code GET /dagSources/{file_token}}. */
    GetDagSource200Response dagSource(String dagId, String fileToken);

    /** {@code GET /dags/{dag_id}/dagRuns}, latest first. */
    DAGRunCollection dagRuns(String dagId, int limit, int offset);

    /** {@code GET /dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances}. */
    TaskInstanceCollection taskInstances(String dagId, String dagRunId, int limit, int offset);

    /** {@code GET /datasets}. */
    DatasetCollection datasets(int limit, int offset);
}

package io.dataflow.gateway.importer;

import io.dataflow.gateway.importer.client.generated.v1.ApiClient;
import io.dataflow.gateway.importer.client.generated.v1.ApiException;
import io.dataflow.gateway.importer.client.generated.v1.api.DagApi;
import io.dataflow.gateway.importer.client.generated.v1.api.DagRunApi;
import io.dataflow.gateway.importer.client.generated.v1.api.DatasetApi;
import io.dataflow.gateway.importer.client.generated.v1.api.TaskInstanceApi;
import io.dataflow.gateway.importer.client.generated.v1.model.DAGCollection;
import io.dataflow.gateway.importer.client.generated.v1.model.DAGDetail;
import io.dataflow.gateway.importer.client.generated.v1.model.DAGRunCollection;
import io.dataflow.gateway.importer.client.generated.v1.model.DatasetCollection;
import io.dataflow.gateway.importer.client.generated.v1.model.GetDagSource200Response;
import io.dataflow.gateway.importer.client.generated.v1.model.TaskCollection;
import io.dataflow.gateway.importer.client.generated.v1.model.TaskInstanceCollection;

/** {@link V1Documents} read from a live Airflow 2 through the generated client. */
final class V1LiveDocuments implements V1Documents {

    private final LiveSession session;
    private final DagApi dags;
    private final DagRunApi runs;
    private final TaskInstanceApi instances;
    private final DatasetApi datasets;

    V1LiveDocuments(AirflowConnection connection) {
        this.session = new LiveSession(connection, V1LiveDocuments::classify);
        ApiClient client = client(session);
        this.dags = new DagApi(client);
        this.runs = new DagRunApi(client);
        this.instances = new TaskInstanceApi(client);
        this.datasets = new DatasetApi(client);
    }

    /** A generated client for the session's connection: its TLS context, timeouts and credentials. */
    static ApiClient client(LiveSession session) {
        AirflowConnection connection = session.connection();
        ApiClient client = new ApiClient();
        client.setHttpClientBuilder(session.httpClientBuilder());
        client.setConnectTimeout(connection.connectTimeout());
        client.setReadTimeout(connection.requestTimeout());
        client.setRequestInterceptor(session.credentials().interceptor());
        client.updateBaseUri(connection.baseUrl() + "/api/v1");
        return client;
    }

    static HttpFailure classify(Exception e) {
        return e instanceof ApiException a
                ? new HttpFailure(a.getCode(), a.getResponseBody(), a.getResponseHeaders(), a.getCause() == null ? a : a.getCause())
                : new HttpFailure(0, "", null, e);
    }

    @Override
    public DAGCollection dags(DagFilter filter, int limit, int offset) {
        return session.call("GET /api/v1/dags", () -> dags.getDags(limit, offset, "dag_id",
                filter.tags().isEmpty() ? null : filter.tags(), null, filter.paused().orElse(null),
                filter.dagIdPattern().orElse(null)));
    }

    @Override
    public DAGDetail dagDetails(String dagId) {
        return session.call("GET /api/v1/dags/" + dagId + "/details", () -> dags.getDagDetails(dagId));
    }

    @Override
    public TaskCollection tasks(String dagId) {
        return session.call("GET /api/v1/dags/" + dagId + "/tasks", () -> dags.getTasks(dagId, null));
    }

    @Override
    public GetDagSource200Response dagSource(String dagId, String fileToken) {
        if (fileToken == null) {
            throw new AirflowException("GET /api/v1/dagSources", 0, "DAG '" + dagId + "' has no file_token", null);
        }
        return session.call("GET /api/v1/dagSources/{file_token of " + dagId + "}", () -> dags.getDagSource(fileToken));
    }

    @Override
    public DAGRunCollection dagRuns(String dagId, int limit, int offset) {
        return session.call("GET /api/v1/dags/" + dagId + "/dagRuns",
                () -> runs.getDagRuns(dagId, limit, offset, null, "-execution_date"));
    }

    @Override
    public TaskInstanceCollection taskInstances(String dagId, String dagRunId, int limit, int offset) {
        return session.call("GET /api/v1/dags/" + dagId + "/dagRuns/" + dagRunId + "/taskInstances",
                () -> instances.getTaskInstances(dagId, dagRunId, null, null, null, null, null, null, null, null,
                        null, null, null, null, null, null, limit, offset));
    }

    @Override
    public DatasetCollection datasets(int limit, int offset) {
        return session.call("GET /api/v1/datasets", () -> datasets.getDatasets(limit, offset, "id", null, null));
    }
}

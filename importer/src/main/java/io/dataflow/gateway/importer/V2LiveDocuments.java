package io.dataflow.gateway.importer;

import io.dataflow.gateway.importer.client.generated.v2.ApiClient;
import io.dataflow.gateway.importer.client.generated.v2.ApiException;
import io.dataflow.gateway.importer.client.generated.v2.api.AssetApi;
import io.dataflow.gateway.importer.client.generated.v2.api.DagApi;
import io.dataflow.gateway.importer.client.generated.v2.api.DagRunApi;
import io.dataflow.gateway.importer.client.generated.v2.api.DagSourceApi;
import io.dataflow.gateway.importer.client.generated.v2.api.TaskApi;
import io.dataflow.gateway.importer.client.generated.v2.api.TaskInstanceApi;
import io.dataflow.gateway.importer.client.generated.v2.model.AssetCollectionResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.DAGCollectionResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.DAGDetailsResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.DAGRunCollectionResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.DAGSourceResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.TaskCollectionResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.TaskInstanceCollectionResponse;
import java.util.List;

/** {@link V2Documents} read from a live Airflow 3 through the generated client. */
final class V2LiveDocuments implements V2Documents {

    private final LiveSession session;
    private final DagApi dags;
    private final TaskApi tasks;
    private final DagSourceApi sources;
    private final DagRunApi runs;
    private final TaskInstanceApi instances;
    private final AssetApi assets;

    V2LiveDocuments(AirflowConnection connection) {
        this.session = new LiveSession(connection, V2LiveDocuments::classify);
        ApiClient client = client(session);
        this.dags = new DagApi(client);
        this.tasks = new TaskApi(client);
        this.sources = new DagSourceApi(client);
        this.runs = new DagRunApi(client);
        this.instances = new TaskInstanceApi(client);
        this.assets = new AssetApi(client);
    }

    /** A generated client for the session's connection: its TLS context, timeouts and credentials. */
    static ApiClient client(LiveSession session) {
        AirflowConnection connection = session.connection();
        ApiClient client = new ApiClient();
        client.setHttpClientBuilder(session.httpClientBuilder());
        client.setConnectTimeout(connection.connectTimeout());
        client.setReadTimeout(connection.requestTimeout());
        client.setRequestInterceptor(session.credentials().interceptor());
        client.updateBaseUri(connection.baseUrl().toString());
        return client;
    }

    static HttpFailure classify(Exception e) {
        return e instanceof ApiException a
                ? new HttpFailure(a.getCode(), a.getResponseBody(), a.getResponseHeaders(), a.getCause() == null ? a : a.getCause())
                : new HttpFailure(0, "", null, e);
    }

    @Override
    public DAGCollectionResponse dags(DagFilter filter, int limit, int offset) {
        return session.call("GET /api/v2/dags", () -> dags.getDags(limit, offset,
                filter.tags().isEmpty() ? null : filter.tags(), null, filter.dagIdPattern().orElse(null), null,
                filter.paused().orElse(null), List.of("dag_id")));
    }

    @Override
    public DAGDetailsResponse dagDetails(String dagId) {
        return session.call("GET /api/v2/dags/" + dagId + "/details", () -> dags.getDagDetails(dagId));
    }

    @Override
    public TaskCollectionResponse tasks(String dagId) {
        return session.call("GET /api/v2/dags/" + dagId + "/tasks", () -> tasks.getTasks(dagId, null));
    }

    @Override
    public DAGSourceResponse dagSource(String dagId) {
        return session.call("GET /api/v2/dagSources/" + dagId, () -> sources.getDagSource(dagId, null));
    }

    @Override
    public DAGRunCollectionResponse dagRuns(String dagId, int limit, int offset) {
        return session.call("GET /api/v2/dags/" + dagId + "/dagRuns",
                () -> runs.getDagRuns(dagId, limit, offset, null, List.of("-logical_date")));
    }

    @Override
    public TaskInstanceCollectionResponse taskInstances(String dagId, String dagRunId, int limit, int offset) {
        return session.call("GET /api/v2/dags/" + dagId + "/dagRuns/" + dagRunId + "/taskInstances",
                () -> instances.getTaskInstances(dagId, dagRunId, null, limit, offset, null));
    }

    @Override
    public AssetCollectionResponse assets(int limit, int offset) {
        return session.call("GET /api/v2/assets", () -> assets.getAssets(limit, offset, null, null, null, null, List.of("id")));
    }
}

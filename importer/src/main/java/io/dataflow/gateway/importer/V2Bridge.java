package io.dataflow.gateway.importer;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.importer.bridge.AirflowBridge;
import io.dataflow.gateway.importer.bridge.DagRun;
import io.dataflow.gateway.importer.bridge.DatasetEvent;
import io.dataflow.gateway.importer.bridge.EventQuery;
import io.dataflow.gateway.importer.bridge.RunRequest;
import io.dataflow.gateway.importer.client.generated.v2.ApiClient;
import io.dataflow.gateway.importer.client.generated.v2.api.AssetApi;
import io.dataflow.gateway.importer.client.generated.v2.api.DagApi;
import io.dataflow.gateway.importer.client.generated.v2.api.DagRunApi;
import io.dataflow.gateway.importer.client.generated.v2.model.AssetCollectionResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.AssetEventCollectionResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.AssetEventResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.AssetResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.CreateAssetEventsBody;
import io.dataflow.gateway.importer.client.generated.v2.model.DAGPatchBody;
import io.dataflow.gateway.importer.client.generated.v2.model.DAGResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.DAGRunResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.DagRunAssetReference;
import io.dataflow.gateway.importer.client.generated.v2.model.TriggerDAGRunPostBody;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link AirflowBridge} for Airflow 3 ({@code /api/v2}): assets, addressed by id, and their events. */
final class V2Bridge implements AirflowBridge {

    private final LiveSession session;
    private final DagApi dags;
    private final DagRunApi runs;
    private final AssetApi assets;
    private final int pageSize;

    V2Bridge(AirflowConnection connection) {
        this.session = new LiveSession(connection, V2LiveDocuments::classify);
        ApiClient client = V2LiveDocuments.client(session);
        this.dags = new DagApi(client);
        this.runs = new DagRunApi(client);
        this.assets = new AssetApi(client);
        this.pageSize = connection.pageSize();
    }

    @Override
    public void setPaused(String dagId, boolean paused) {
        String op = "PATCH /api/v2/dags/" + BridgeSupport.id(dagId, "DAG id");
        DAGResponse answer = session.call(op,
                () -> dags.patchDag(dagId, new DAGPatchBody().isPaused(paused), List.of("is_paused")));
        BridgeSupport.checkPaused(op, answer == null ? null : answer.getIsPaused(), paused);
    }

    @Override
    public List<DatasetEvent> events(EventQuery query) {
        requireNonNull(query, "query is null");
        Integer assetId = query.uri().map(this::assetId).orElse(null);
        OffsetDateTime after = query.after().map(a -> OffsetDateTime.ofInstant(a, ZoneOffset.UTC)).orElse(null);
        String op = "GET /api/v2/assets/events";
        List<AssetEventResponse> events = Paging.all(pageSize, Integer.MAX_VALUE,
                (limit, offset) -> session.call(op, () -> assets.getAssetEvents(limit, offset, List.of("timestamp"),
                        assetId, query.sourceDagId().orElse(null), null, null, null, after)),
                AssetEventCollectionResponse::getAssetEvents, AssetEventCollectionResponse::getTotalEntries);
        return events.stream().map(e -> event(op, e)).toList();
    }

    @Override
    public DatasetEvent createEvent(String uri, Map<String, Object> extra) {
        BridgeSupport.id(uri, "asset URI");
        requireNonNull(extra, "extra is null");
        CreateAssetEventsBody body = new CreateAssetEventsBody().assetId(assetId(uri)).extra(new LinkedHashMap<>(extra));
        String op = "POST /api/v2/assets/events";
        return event(op, session.call(op, RemoteCalls.Safety.NOT_IDEMPOTENT, () -> assets.createAssetEvent(body)));
    }

    @Override
    public DagRun trigger(String dagId, RunRequest request) {
        String op = "POST /api/v2/dags/" + BridgeSupport.id(dagId, "DAG id") + "/dagRuns";
        requireNonNull(request, "request is null");
        // logical_date is required but nullable: sent as null when not given
        TriggerDAGRunPostBody body = new TriggerDAGRunPostBody()
                .dagRunId(request.runId().orElse(null))
                .logicalDate(request.logicalDate().map(d -> OffsetDateTime.ofInstant(d, ZoneOffset.UTC)).orElse(null))
                .conf(new LinkedHashMap<>(request.conf()))
                .note(request.note().orElse(null));
        RemoteCalls.ApiCall<DAGRunResponse> create = () -> runs.triggerDagRun(dagId, body);
        if (request.runId().isEmpty()) {
            return run(op, session.call(op, RemoteCalls.Safety.NOT_IDEMPOTENT, create));
        }
        String runId = request.runId().get();
        return session.createWithKey(op, () -> run(op, create.call()),
                () -> BridgeSupport.existing(this, dagId, runId));
    }

    @Override
    public DagRun run(String dagId, String runId) {
        String op = "GET /api/v2/dags/" + BridgeSupport.id(dagId, "DAG id") + "/dagRuns/" + BridgeSupport.id(runId, "run id");
        return run(op, session.call(op, () -> runs.getDagRun(dagId, runId)));
    }

    @Override
    public DagRun await(String dagId, String runId, Duration timeout, Duration interval) {
        return BridgeSupport.await(this, dagId, runId, timeout, interval);
    }

    /** Airflow 3 addresses assets by integer id: the URI is looked up first. */
    private int assetId(String uri) {
        String op = "GET /api/v2/assets";
        // uri_pattern matches substrings (and treats _ and % as wildcards): the exact URI is picked here
        List<AssetResponse> found = Paging.all(pageSize, Integer.MAX_VALUE,
                (limit, offset) -> session.call(op, () -> assets.getAssets(limit, offset, null, uri, null, null, List.of("id"))),
                AssetCollectionResponse::getAssets, AssetCollectionResponse::getTotalEntries);
        return found.stream().filter(a -> uri.equals(a.getUri()) && a.getId() != null).map(AssetResponse::getId).findFirst()
                .orElseThrow(() -> new AirflowException(op, 0, "Airflow has no asset with URI '" + uri + "'", null));
    }

    private static DagRun run(String op, DAGRunResponse run) {
        if (run == null || run.getDagId() == null) {
            throw BridgeSupport.badAnswer(op, "a run without dag_id");
        }
        return BridgeSupport.run(op, run.getDagId(), run.getDagRunId(), run.getState() == null ? null : run.getState().getValue(),
                run.getLogicalDate(), run.getStartDate(), run.getEndDate());
    }

    private static DatasetEvent event(String op, AssetEventResponse e) {
        if (e == null || e.getUri() == null || e.getTimestamp() == null) {
            throw BridgeSupport.badAnswer(op, "an event without uri or timestamp");
        }
        List<DatasetEvent.TriggeredRun> triggered = Mapping.orEmpty(e.getCreatedDagruns()).stream()
                .map((DagRunAssetReference r) -> new DatasetEvent.TriggeredRun(r.getDagId(), r.getRunId())).toList();
        return new DatasetEvent(e.getUri(), BridgeSupport.extra(op, e.getExtra()), Optional.ofNullable(e.getSourceDagId()),
                Optional.ofNullable(e.getSourceTaskId()), Optional.ofNullable(e.getSourceRunId()),
                e.getTimestamp().toInstant(), triggered);
    }
}

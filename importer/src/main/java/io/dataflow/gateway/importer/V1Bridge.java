package io.dataflow.gateway.importer;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.importer.bridge.AirflowBridge;
import io.dataflow.gateway.importer.bridge.DagRun;
import io.dataflow.gateway.importer.bridge.DatasetEvent;
import io.dataflow.gateway.importer.bridge.EventQuery;
import io.dataflow.gateway.importer.bridge.RunRequest;
import io.dataflow.gateway.importer.client.generated.v1.ApiClient;
import io.dataflow.gateway.importer.client.generated.v1.api.DagApi;
import io.dataflow.gateway.importer.client.generated.v1.api.DagRunApi;
import io.dataflow.gateway.importer.client.generated.v1.api.DatasetApi;
import io.dataflow.gateway.importer.client.generated.v1.model.BasicDAGRun;
import io.dataflow.gateway.importer.client.generated.v1.model.CreateDatasetEvent;
import io.dataflow.gateway.importer.client.generated.v1.model.DAG;
import io.dataflow.gateway.importer.client.generated.v1.model.DAGRun;
import io.dataflow.gateway.importer.client.generated.v1.model.Dataset;
import io.dataflow.gateway.importer.client.generated.v1.model.DatasetCollection;
import io.dataflow.gateway.importer.client.generated.v1.model.DatasetEventCollection;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link AirflowBridge} for Airflow 2 ({@code /api/v1}): datasets and their events. */
final class V1Bridge implements AirflowBridge {

    private final LiveSession session;
    private final DagApi dags;
    private final DagRunApi runs;
    private final DatasetApi datasets;
    private final int pageSize;

    V1Bridge(AirflowConnection connection) {
        this.session = new LiveSession(connection, V1LiveDocuments::classify);
        ApiClient client = V1LiveDocuments.client(session);
        this.dags = new DagApi(client);
        this.runs = new DagRunApi(client);
        this.datasets = new DatasetApi(client);
        this.pageSize = connection.pageSize();
    }

    @Override
    public void setPaused(String dagId, boolean paused) {
        String op = "PATCH /api/v1/dags/" + BridgeSupport.id(dagId, "DAG id");
        // the body must be exactly {"is_paused": …}. Built through Jackson's creator, which leaves the
        // read-only owners null; the no-arg constructor sets them to [], sent as a read-only field
        DAG body = V1Generation.mapper0().convertValue(Map.of(), DAG.class).isPaused(paused);
        DAG answer = session.call(op, () -> dags.patchDag(dagId, body, List.of("is_paused")));
        BridgeSupport.checkPaused(op, answer == null ? null : answer.getIsPaused(), paused);
    }

    @Override
    public List<DatasetEvent> events(EventQuery query) {
        requireNonNull(query, "query is null");
        Integer datasetId = query.uri().map(this::datasetId).orElse(null);
        String op = "GET /api/v1/datasets/events";
        List<io.dataflow.gateway.importer.client.generated.v1.model.DatasetEvent> events = Paging.all(pageSize,
                Integer.MAX_VALUE, (limit, offset) -> session.call(op, () -> datasets.getDatasetEvents(limit, offset,
                        "timestamp", datasetId, query.sourceDagId().orElse(null), null, null, null)),
                DatasetEventCollection::getDatasetEvents, DatasetEventCollection::getTotalEntries);
        // Airflow 2 has no timestamp filter: applied here
        return events.stream().map(e -> event(op, e))
                .filter(e -> query.after().map(after -> e.timestamp().isAfter(after)).orElse(true))
                .toList();
    }

    @Override
    public DatasetEvent createEvent(String uri, Map<String, Object> extra) {
        BridgeSupport.id(uri, "dataset URI");
        requireNonNull(extra, "extra is null");
        String op = "POST /api/v1/datasets/events";
        CreateDatasetEvent body = new CreateDatasetEvent().datasetUri(uri).extra(new LinkedHashMap<>(extra));
        return event(op, session.call(op, RemoteCalls.Safety.NOT_IDEMPOTENT, () -> datasets.createDatasetEvent(body)));
    }

    @Override
    public DagRun trigger(String dagId, RunRequest request) {
        String op = "POST /api/v1/dags/" + BridgeSupport.id(dagId, "DAG id") + "/dagRuns";
        requireNonNull(request, "request is null");
        DAGRun body = new DAGRun()
                .dagRunId(request.runId().orElse(null))
                .logicalDate(request.logicalDate().map(d -> OffsetDateTime.ofInstant(d, ZoneOffset.UTC)).orElse(null))
                .conf(new LinkedHashMap<>(request.conf()))
                .note(request.note().orElse(null));
        RemoteCalls.ApiCall<DAGRun> create = () -> runs.postDagRun(dagId, body);
        if (request.runId().isEmpty()) {
            return run(op, dagId, session.call(op, RemoteCalls.Safety.NOT_IDEMPOTENT, create));
        }
        String runId = request.runId().get();
        return session.createWithKey(op, () -> run(op, dagId, create.call()),
                () -> BridgeSupport.existing(this, dagId, runId));
    }

    @Override
    public DagRun run(String dagId, String runId) {
        String op = "GET /api/v1/dags/" + BridgeSupport.id(dagId, "DAG id") + "/dagRuns/" + BridgeSupport.id(runId, "run id");
        return run(op, dagId, session.call(op, () -> runs.getDagRun(dagId, runId)));
    }

    @Override
    public DagRun await(String dagId, String runId, Duration timeout, Duration interval) {
        return BridgeSupport.await(this, dagId, runId, timeout, interval);
    }

    private int datasetId(String uri) {
        String op = "GET /api/v1/datasets";
        // uri_pattern matches substrings (and treats _ and % as wildcards): the exact URI is picked here
        List<Dataset> found = Paging.all(pageSize, Integer.MAX_VALUE,
                (limit, offset) -> session.call(op, () -> datasets.getDatasets(limit, offset, "id", uri, null)),
                DatasetCollection::getDatasets, DatasetCollection::getTotalEntries);
        return found.stream().filter(d -> uri.equals(d.getUri()) && d.getId() != null).map(Dataset::getId).findFirst()
                .orElseThrow(() -> new AirflowException(op, 0, "Airflow has no dataset with URI '" + uri + "'", null));
    }

    private static DagRun run(String op, String dagId, DAGRun run) {
        if (run == null) {
            throw BridgeSupport.badAnswer(op, "no run");
        }
        return BridgeSupport.run(op, dagId, run.getDagRunId(), run.getState() == null ? null : run.getState().getValue(),
                run.getLogicalDate(), run.getStartDate(), run.getEndDate());
    }

    private static DatasetEvent event(String op, io.dataflow.gateway.importer.client.generated.v1.model.DatasetEvent e) {
        if (e == null || e.getDatasetUri() == null || e.getTimestamp() == null) {
            throw BridgeSupport.badAnswer(op, "an event without dataset_uri or timestamp");
        }
        OffsetDateTime timestamp;
        try {
            timestamp = OffsetDateTime.parse(e.getTimestamp());
        } catch (DateTimeParseException x) {
            throw BridgeSupport.badAnswer(op, "an event whose timestamp '" + e.getTimestamp() + "' is not an ISO date-time");
        }
        List<DatasetEvent.TriggeredRun> triggered = Mapping.orEmpty(e.getCreatedDagruns()).stream()
                .map((BasicDAGRun r) -> new DatasetEvent.TriggeredRun(r.getDagId(), r.getRunId())).toList();
        return new DatasetEvent(e.getDatasetUri(), BridgeSupport.extra(op, e.getExtra()),
                Optional.ofNullable(e.getSourceDagId()), Optional.ofNullable(e.getSourceTaskId()),
                Optional.ofNullable(e.getSourceRunId()), timestamp.toInstant(), triggered);
    }
}

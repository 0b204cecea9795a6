package io.dataflow.gateway.importer;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.gateway.importer.client.generated.v2.ApiClient;
import io.dataflow.gateway.importer.client.generated.v2.model.AssetCollectionResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.AssetResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.DAGCollectionResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.DAGDetailsResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.DAGResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.DAGRunCollectionResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.DAGRunResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.DAGSourceResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.TaskCollectionResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.TaskInstanceCollectionResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.TaskInstanceResponse;
import io.dataflow.gateway.importer.model.LegacyDag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Airflow 3: reads {@link V2Documents} page by page into bundles, maps and exports them. */
final class V2Generation implements Generation<V2Generation.Bundle, AssetCollectionResponse> {

    /**
     * Every document about one DAG.
     *
     * @param source the DAG source, or empty with {@code sourceProblem} saying why
     * @param instances task instances per run id
     */
    record Bundle(DAGDetailsResponse details, TaskCollectionResponse tasks, Optional<DAGSourceResponse> source,
            String sourceProblem, DAGRunCollectionResponse runs, Map<String, TaskInstanceCollectionResponse> instances) {
    }

    private static final ObjectMapper MAPPER = ApiClient.createDefaultObjectMapper();

    private final V2Documents documents;
    private final int pageSize;
    private final int recentRuns;
    private final Map<String, DAGResponse> listed = new ConcurrentHashMap<>();

    V2Generation(V2Documents documents, int pageSize, int recentRuns) {
        this.documents = requireNonNull(documents, "documents is null");
        this.pageSize = pageSize;
        this.recentRuns = recentRuns;
    }

    @Override
    public AirflowVersion version() {
        return AirflowVersion.AIRFLOW_3;
    }

    @Override
    public ObjectMapper mapper() {
        return MAPPER;
    }

    static ObjectMapper mapper0() {
        return MAPPER;
    }

    @Override
    public List<String> dagIds(DagFilter filter) {
        List<DAGResponse> dags = Paging.all(pageSize, Integer.MAX_VALUE,
                (limit, offset) -> documents.dags(filter, limit, offset),
                DAGCollectionResponse::getDags, DAGCollectionResponse::getTotalEntries);
        dags.forEach(d -> listed.put(d.getDagId(), d));
        return dags.stream().map(DAGResponse::getDagId).distinct().toList();
    }

    @Override
    public AssetCollectionResponse catalog() {
        List<AssetResponse> all = Paging.all(pageSize, Integer.MAX_VALUE, documents::assets,
                AssetCollectionResponse::getAssets, AssetCollectionResponse::getTotalEntries);
        return new AssetCollectionResponse().assets(all).totalEntries(all.size());
    }

    @Override
    public Bundle fetch(String dagId) {
        DAGDetailsResponse details = documents.dagDetails(dagId);
        TaskCollectionResponse tasks = documents.tasks(dagId);
        Optional<DAGSourceResponse> source = Optional.empty();
        String problem = "";
        try {
            source = Optional.ofNullable(documents.dagSource(dagId));
        } catch (AirflowException e) {
            problem = e.getMessage();
        }
        List<DAGRunResponse> runs = recentRuns == 0 ? List.of() : Paging.all(pageSize, recentRuns,
                (limit, offset) -> documents.dagRuns(dagId, limit, offset),
                DAGRunCollectionResponse::getDagRuns, DAGRunCollectionResponse::getTotalEntries);
        Map<String, TaskInstanceCollectionResponse> instances = new LinkedHashMap<>();
        for (DAGRunResponse run : runs) {
            List<TaskInstanceResponse> tis = Paging.all(pageSize, Integer.MAX_VALUE,
                    (limit, offset) -> documents.taskInstances(dagId, run.getDagRunId(), limit, offset),
                    TaskInstanceCollectionResponse::getTaskInstances, TaskInstanceCollectionResponse::getTotalEntries);
            instances.put(run.getDagRunId(), new TaskInstanceCollectionResponse().taskInstances(tis).totalEntries(tis.size()));
        }
        return new Bundle(details, tasks, source, problem,
                new DAGRunCollectionResponse().dagRuns(runs).totalEntries(runs.size()), instances);
    }

    @Override
    public LegacyDag toLegacy(Bundle bundle, AssetCollectionResponse catalog) {
        return V2Mapper.toLegacy(bundle, catalog);
    }

    @Override
    public void writeIndex(SnapshotFiles files, List<String> dagIds, AssetCollectionResponse catalog) {
        List<DAGResponse> dags = dagIds.stream().map(listed::get).toList();
        files.write("dags.json", new DAGCollectionResponse().dags(dags).totalEntries(dags.size()));
        files.write("assets.json", catalog);
    }

    @Override
    public void write(SnapshotFiles files, String dagId, Bundle bundle) {
        String dir = SnapshotFiles.dagDir(dagId);
        files.write(dir + "/details.json", bundle.details());
        files.write(dir + "/tasks.json", bundle.tasks());
        bundle.source().ifPresent(s -> files.write(dir + "/source.json", s));
        files.write(dir + "/dagRuns.json", bundle.runs());
        bundle.instances().forEach((runId, tis) ->
                files.write(dir + "/taskInstances/" + SnapshotFiles.encode(runId) + ".json", tis));
    }
}

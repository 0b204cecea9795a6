package io.dataflow.gateway.importer;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.gateway.importer.client.generated.v1.ApiClient;
import io.dataflow.gateway.importer.client.generated.v1.model.DAG;
import io.dataflow.gateway.importer.client.generated.v1.model.DAGCollection;
import io.dataflow.gateway.importer.client.generated.v1.model.DAGDetail;
import io.dataflow.gateway.importer.client.generated.v1.model.DAGRun;
import io.dataflow.gateway.importer.client.generated.v1.model.DAGRunCollection;
import io.dataflow.gateway.importer.client.generated.v1.model.Dataset;
import io.dataflow.gateway.importer.client.generated.v1.model.DatasetCollection;
import io.dataflow.gateway.importer.client.generated.v1.model.GetDagSource200Response;
import io.dataflow.gateway.importer.client.generated.v1.model.TaskCollection;
import io.dataflow.gateway.importer.client.generated.v1.model.TaskInstance;
import io.dataflow.gateway.importer.client.generated.v1.model.TaskInstanceCollection;
import io.dataflow.gateway.importer.model.LegacyDag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Airflow 2: reads {@link V1Documents} page by page into bundles, maps and exports them. */
final class V1Generation implements Generation<V1Generation.Bundle, DatasetCollection> {

    /**
     * Every document about one DAG.
     *
     * @param source the DAG source, or empty with {@code sourceProblem} saying why
     * @param instances task instances per run id
     */
    record Bundle(DAGDetail details, TaskCollection tasks, Optional<GetDagSource200Response> source,
            String sourceProblem, DAGRunCollection runs, Map<String, TaskInstanceCollection> instances) {
    }

    private static final ObjectMapper MAPPER = ApiClient.createDefaultObjectMapper();

    private final V1Documents documents;
    private final int pageSize;
    private final int recentRuns;
    private final Map<String, DAG> listed = new ConcurrentHashMap<>();

    V1Generation(V1Documents documents, int pageSize, int recentRuns) {
        this.documents = requireNonNull(documents, "documents is null");
        this.pageSize = pageSize;
        this.recentRuns = recentRuns;
    }

    @Override
    public AirflowVersion version() {
        return AirflowVersion.AIRFLOW_2;
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
        List<DAG> dags = Paging.all(pageSize, Integer.MAX_VALUE, (limit, offset) -> documents.dags(filter, limit, offset),
                DAGCollection::getDags, DAGCollection::getTotalEntries);
        dags.forEach(d -> listed.put(d.getDagId(), d));
        return dags.stream().map(DAG::getDagId).distinct().toList();
    }

    @Override
    public DatasetCollection catalog() {
        List<Dataset> all = Paging.all(pageSize, Integer.MAX_VALUE, documents::datasets,
                DatasetCollection::getDatasets, DatasetCollection::getTotalEntries);
        return new DatasetCollection().datasets(all).totalEntries(all.size());
    }

    @Override
    public Bundle fetch(String dagId) {
        DAGDetail details = documents.dagDetails(dagId);
        TaskCollection tasks = documents.tasks(dagId);
        Optional<GetDagSource200Response> source = Optional.empty();
        String problem = "";
        try {
            source = Optional.ofNullable(documents.dagSource(dagId, details.getFileToken()));
        } catch (AirflowException e) {
            problem = e.getMessage();
        }
        List<DAGRun> runs = recentRuns == 0 ? List.of() : Paging.all(pageSize, recentRuns,
                (limit, offset) -> documents.dagRuns(dagId, limit, offset),
                DAGRunCollection::getDagRuns, DAGRunCollection::getTotalEntries);
        Map<String, TaskInstanceCollection> instances = new LinkedHashMap<>();
        for (DAGRun run : runs) {
            List<TaskInstance> tis = Paging.all(pageSize, Integer.MAX_VALUE,
                    (limit, offset) -> documents.taskInstances(dagId, run.getDagRunId(), limit, offset),
                    TaskInstanceCollection::getTaskInstances, TaskInstanceCollection::getTotalEntries);
            instances.put(run.getDagRunId(), new TaskInstanceCollection().taskInstances(tis).totalEntries(tis.size()));
        }
        return new Bundle(details, tasks, source, problem,
                new DAGRunCollection().dagRuns(runs).totalEntries(runs.size()), instances);
    }

    @Override
    public LegacyDag toLegacy(Bundle bundle, DatasetCollection catalog) {
        return V1Mapper.toLegacy(bundle, catalog);
    }

    @Override
    public void writeIndex(SnapshotFiles files, List<String> dagIds, DatasetCollection catalog) {
        List<DAG> dags = dagIds.stream().map(listed::get).toList();
        files.write("dags.json", new DAGCollection().dags(dags).totalEntries(dags.size()));
        files.write("datasets.json", catalog);
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

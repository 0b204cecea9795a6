package io.dataflow.gateway.importer;

import io.dataflow.gateway.importer.client.generated.v1.model.DAG;
import io.dataflow.gateway.importer.client.generated.v1.model.DAGCollection;
import io.dataflow.gateway.importer.client.generated.v1.model.DAGDetail;
import io.dataflow.gateway.importer.client.generated.v1.model.DAGRunCollection;
import io.dataflow.gateway.importer.client.generated.v1.model.DatasetCollection;
import io.dataflow.gateway.importer.client.generated.v1.model.GetDagSource200Response;
import io.dataflow.gateway.importer.client.generated.v1.model.Tag;
import io.dataflow.gateway.importer.client.generated.v1.model.TaskCollection;
import io.dataflow.gateway.importer.client.generated.v1.model.TaskInstanceCollection;
import java.util.List;

/**
 * {@link V1Documents} read from a snapshot (see {@link SnapshotFiles} for the layout). Each list is
 * stored whole, so it is served as one page; the DAG filter is applied locally.
 */
final class V1SnapshotDocuments implements V1Documents {

    private final SnapshotFiles files;

    V1SnapshotDocuments(SnapshotFiles files) {
        this.files = files;
    }

    @Override
    public DAGCollection dags(DagFilter filter, int limit, int offset) {
        DAGCollection all = files.read("dags.json", DAGCollection.class);
        List<DAG> kept = offset > 0 ? List.of() : Mapping.orEmpty(all.getDags()).stream()
                .filter(d -> filter.matches(d.getDagId(),
                        Mapping.orEmpty(d.getTags()).stream().map(Tag::getName).toList(),
                        Boolean.TRUE.equals(d.getIsPaused())))
                .toList();
        return new DAGCollection().dags(kept).totalEntries(kept.size());
    }

    @Override
    public DAGDetail dagDetails(String dagId) {
        return files.read(SnapshotFiles.dagDir(dagId) + "/details.json", DAGDetail.class);
    }

    @Override
    public TaskCollection tasks(String dagId) {
        return files.read(SnapshotFiles.dagDir(dagId) + "/tasks.json", TaskCollection.class);
    }

    @Override
    public GetDagSource200Response dagSource(String dagId, String fileToken) {
        return files.readIfPresent(SnapshotFiles.dagDir(dagId) + "/source.json", GetDagSource200Response.class)
                .orElseThrow(() -> new AirflowException("read snapshot", 0,
                        "the snapshot holds no source.json for DAG '" + dagId + "'", null));
    }

    @Override
    public DAGRunCollection dagRuns(String dagId, int limit, int offset) {
        DAGRunCollection runs = files.readIfPresent(SnapshotFiles.dagDir(dagId) + "/dagRuns.json", DAGRunCollection.class)
                .orElse(new DAGRunCollection().dagRuns(List.of()).totalEntries(0));
        return offset > 0 ? new DAGRunCollection().dagRuns(List.of()).totalEntries(runs.getTotalEntries()) : runs;
    }

    @Override
    public TaskInstanceCollection taskInstances(String dagId, String dagRunId, int limit, int offset) {
        TaskInstanceCollection tis = files.read(SnapshotFiles.dagDir(dagId) + "/taskInstances/"
                + SnapshotFiles.encode(dagRunId) + ".json", TaskInstanceCollection.class);
        return offset > 0 ? new TaskInstanceCollection().taskInstances(List.of()).totalEntries(tis.getTotalEntries()) : tis;
    }

    @Override
    public DatasetCollection datasets(int limit, int offset) {
        DatasetCollection all = files.readIfPresent("datasets.json", DatasetCollection.class)
                .orElse(new DatasetCollection().datasets(List.of()).totalEntries(0));
        return offset > 0 ? new DatasetCollection().datasets(List.of()).totalEntries(all.getTotalEntries()) : all;
    }
}

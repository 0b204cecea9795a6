package io.dataflow.gateway.importer;

import io.dataflow.gateway.importer.client.generated.v2.model.AssetCollectionResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.DAGCollectionResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.DAGDetailsResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.DAGResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.DAGRunCollectionResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.DAGSourceResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.DagTagResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.TaskCollectionResponse;
import io.dataflow.gateway.importer.client.generated.v2.model.TaskInstanceCollectionResponse;
import java.util.List;

/**
 * {@link V2Documents} read from a snapshot (see {@link SnapshotFiles} for the layout). Each list is
 * stored whole, so it is served as one page; the DAG filter is applied locally.
 */
final class V2SnapshotDocuments implements V2Documents {

    private final SnapshotFiles files;

    V2SnapshotDocuments(SnapshotFiles files) {
        this.files = files;
    }

    @Override
    public DAGCollectionResponse dags(DagFilter filter, int limit, int offset) {
        DAGCollectionResponse all = files.read("dags.json", DAGCollectionResponse.class);
        List<DAGResponse> kept = offset > 0 ? List.of() : Mapping.orEmpty(all.getDags()).stream()
                .filter(d -> filter.matches(d.getDagId(),
                        Mapping.orEmpty(d.getTags()).stream().map(DagTagResponse::getName).toList(),
                        Boolean.TRUE.equals(d.getIsPaused())))
                .toList();
        return new DAGCollectionResponse().dags(kept).totalEntries(kept.size());
    }

    @Override
    public DAGDetailsResponse dagDetails(String dagId) {
        return files.read(SnapshotFiles.dagDir(dagId) + "/details.json", DAGDetailsResponse.class);
    }

    @Override
    public TaskCollectionResponse tasks(String dagId) {
        return files.read(SnapshotFiles.dagDir(dagId) + "/tasks.json", TaskCollectionResponse.class);
    }

    @Override
    public DAGSourceResponse dagSource(String dagId) {
        return files.readIfPresent(SnapshotFiles.dagDir(dagId) + "/source.json", DAGSourceResponse.class)
                .orElseThrow(() -> new AirflowException("read snapshot", 0,
                        "the snapshot holds no source.json for DAG '" + dagId + "'", null));
    }

    @Override
    public DAGRunCollectionResponse dagRuns(String dagId, int limit, int offset) {
        DAGRunCollectionResponse runs = files.readIfPresent(SnapshotFiles.dagDir(dagId) + "/dagRuns.json",
                DAGRunCollectionResponse.class).orElse(new DAGRunCollectionResponse().dagRuns(List.of()).totalEntries(0));
        return offset > 0 ? new DAGRunCollectionResponse().dagRuns(List.of()).totalEntries(runs.getTotalEntries()) : runs;
    }

    @Override
    public TaskInstanceCollectionResponse taskInstances(String dagId, String dagRunId, int limit, int offset) {
        TaskInstanceCollectionResponse tis = files.read(SnapshotFiles.dagDir(dagId) + "/taskInstances/"
                + SnapshotFiles.encode(dagRunId) + ".json", TaskInstanceCollectionResponse.class);
        return offset > 0
                ? new TaskInstanceCollectionResponse().taskInstances(List.of()).totalEntries(tis.getTotalEntries()) : tis;
    }

    @Override
    public AssetCollectionResponse assets(int limit, int offset) {
        AssetCollectionResponse all = files.readIfPresent("assets.json", AssetCollectionResponse.class)
                .orElse(new AssetCollectionResponse().assets(List.of()).totalEntries(0));
        return offset > 0 ? new AssetCollectionResponse().assets(List.of()).totalEntries(all.getTotalEntries()) : all;
    }
}

package io.dataflow.gateway.server.api;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.planner.model.Dataset;
import io.dataflow.gateway.server.dataflow.RunRecord;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import java.util.Optional;

/** Datasets, their partitions, refreshes and the impact of a partition. */
@Path("/api/v1/datasets")
@Produces(MediaType.APPLICATION_JSON)
public final class DatasetsResource {

  private final DatasetQueries datasets;
  private final BackfillCommands backfills;

  DatasetsResource(DatasetQueries datasets, BackfillCommands backfills) {
    this.datasets = requireNonNull(datasets, "datasets is null");
    this.backfills = requireNonNull(backfills, "backfills is null");
  }

  @GET
  public Page<DatasetJson.Summary> list(
      @QueryParam("origin") String origin, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor, @Context UriInfo uri) {
    Paging paging = Paging.of(limit, cursor);
    return paging.page(datasets.all(DatasetQueries.origin(origin)), d -> d.id().name(), datasets::summary, uri);
  }

  @GET
  @Path("{id}")
  public DatasetJson.Detail get(@PathParam("id") String id) {
    return datasets.detail(datasets.require(id));
  }

  @GET
  @Path("{id}/partitions")
  public Page<PartitionJson.Partition> partitions(
      @PathParam("id") String id,
      @QueryParam("state") String state,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor,
      @Context UriInfo uri) {
    Dataset dataset = datasets.require(id);
    Paging paging = Paging.of(limit, cursor);
    Map<String, RunRecord> lastRuns = datasets.lastRuns(dataset);
    // keys order by time, and their values are fixed-width, so the value is a valid cursor
    return paging.pageAfterCursor(datasets.partitions(dataset, DatasetQueries.state(state), paging), r -> r.ref().key().value(),
        r -> PartitionJson.Partition.of(r, Optional.ofNullable(lastRuns.get(r.ref().key().value()))), uri);
  }

  @GET
  @Path("{id}/impact")
  public PartitionJson.Impact impact(@PathParam("id") String id, @QueryParam("partition") String partition) {
    Dataset dataset = datasets.require(id);
    if (dataset.partitioning().isPartitioned() && (partition == null || partition.isBlank())) {
      throw ApiException.invalid("partition", "partition is required: " + dataset.id() + " is partitioned by " + dataset.partitioning());
    }
    return datasets.impact(dataset, PartitionKeys.parse(dataset.partitioning(), "partition", partition));
  }

  @POST
  @Path("{id}/refresh")
  public Response refresh(@PathParam("id") String id, String body) {
    BackfillJson.Refresh request = body == null || body.isBlank()
        ? new BackfillJson.Refresh(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())
        : JsonBodies.read(body, BackfillJson.Refresh.class);
    return Response.accepted(backfills.refresh(id, request)).build();
  }
}

package io.dataflow.gateway.server.api;

import static java.util.Objects.requireNonNull;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;

/** The runs of the dataflow's tasks on Trino, and why each ran. */
@Path("/api/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
public final class RunsResource {

  private final DatasetQueries datasets;
  private final RunQueries runs;

  RunsResource(DatasetQueries datasets, RunQueries runs) {
    this.datasets = requireNonNull(datasets, "datasets is null");
    this.runs = requireNonNull(runs, "runs is null");
  }

  /** Runs newest first, of one dataset and in one state if asked. */
  @GET
  public Page<RunJson.Run> list(
      @QueryParam("dataset") String dataset,
      @QueryParam("state") String state,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor,
      @Context UriInfo uri) {
    Optional<String> datasetFilter = Optional.ofNullable(dataset).map(String::strip).filter(d -> !d.isEmpty());
    datasetFilter.ifPresent(datasets::require);
    return runs.page(datasetFilter, RunQueries.state(state), Paging.of(limit, cursor), uri);
  }

  @GET
  @Path("{id}")
  public RunJson.Detail get(@PathParam("id") String id) {
    return runs.detail(id);
  }
}

package io.dataflow.gateway.server.api;

import static java.util.Objects.requireNonNull;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;

/** Where a dataset comes from and what is computed from it, by table and by column. */
@Path("/api/v1/lineage")
@Produces(MediaType.APPLICATION_JSON)
public final class LineageResource {

  private final DatasetQueries datasets;
  private final LineageQueries lineage;

  LineageResource(DatasetQueries datasets, LineageQueries lineage) {
    this.datasets = requireNonNull(datasets, "datasets is null");
    this.lineage = requireNonNull(lineage, "lineage is null");
  }

  @GET
  @Path("{datasetId}")
  public LineageJson.Lineage get(
      @PathParam("datasetId") String datasetId,
      @QueryParam("direction") String direction,
      @QueryParam("depth") String depth,
      @QueryParam("columns") String columns) {
    return lineage.lineage(datasets.require(datasetId), LineageQueries.Direction.parse(direction), depth(depth), flag(columns));
  }

  private static int depth(String text) {
    if (text == null || text.isBlank()) {
      return LineageQueries.MAX_DEPTH;
    }
    try {
      int depth = Integer.parseInt(text.strip());
      if (depth >= 1 && depth <= LineageQueries.MAX_DEPTH) {
        return depth;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.invalid("depth", "depth must be an integer from 1 to " + LineageQueries.MAX_DEPTH + ", not '" + text + "'");
  }

  private static boolean flag(String text) {
    if (text == null || text.isBlank()) {
      return false;
    }
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw ApiException.invalid("columns", "columns must be true or false, not '" + text + "'");
    };
  }
}

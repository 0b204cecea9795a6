package io.dataflow.gateway.server.api;

import static java.util.Objects.requireNonNull;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Backfills: recomputing a range of partitions in a chosen order, and how far one has come. */
@Path("/api/v1/backfills")
@Produces(MediaType.APPLICATION_JSON)
public final class BackfillsResource {

  private final BackfillCommands backfills;

  BackfillsResource(BackfillCommands backfills) {
    this.backfills = requireNonNull(backfills, "backfills is null");
  }

  /** Starts a backfill; 202 with its status and its {@code Location}. */
  @POST
  public Response start(String body, @Context UriInfo uri) {
    BackfillJson.Status status = backfills.start(JsonBodies.read(body, BackfillJson.Request.class));
    return Response.accepted(status).location(uri.getAbsolutePathBuilder().path(status.id()).build()).build();
  }

  @GET
  @Path("{id}")
  public BackfillJson.Status get(@PathParam("id") String id) {
    return backfills.status(id);
  }
}

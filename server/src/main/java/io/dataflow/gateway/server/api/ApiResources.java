package io.dataflow.gateway.server.api;

import io.dataflow.gateway.server.auth.TokenStore;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import java.time.Clock;

/** Assembles the API's resources, its error mapping and its body limit. */
public final class ApiResources {

  private ApiResources() {}

  /** Registers every resource of {@code /api/v1} this package serves. */
  public static void register(JerseyEnvironment jersey, DataflowView dataflow, SchemaSource schemas, TokenStore tokens) {
    DatasetQueries datasets = new DatasetQueries(dataflow, schemas);
    BackfillCommands backfills = new BackfillCommands(dataflow, datasets, Clock.systemUTC());
    jersey.register(new ApiExceptionMapper());
    jersey.register(new BodyLimitFilter());
    jersey.register(new DatasetsResource(datasets, backfills));
    jersey.register(new BackfillsResource(backfills));
    jersey.register(new LineageResource(datasets, new LineageQueries(dataflow)));
    jersey.register(new RunsResource(datasets, new RunQueries(dataflow)));
    jersey.register(new TokensResource(tokens));
    jersey.register(new OpenApiResource());
  }
}

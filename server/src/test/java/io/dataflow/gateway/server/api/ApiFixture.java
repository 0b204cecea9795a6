package io.dataflow.gateway.server.api;

import io.dataflow.gateway.server.auth.AccessPolicy;
import io.dataflow.gateway.server.auth.AuthConfig;
import io.dataflow.gateway.server.auth.AuthFilter;
import io.dataflow.gateway.server.auth.Authenticator;
import io.dataflow.gateway.server.auth.Role;
import io.dropwizard.testing.junit5.ResourceExtension;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** The API's resources over a {@link FakeDataflow}, in an in-memory Jersey, optionally behind tokens. */
final class ApiFixture {

  static final String READER = "reader-token-0123456789abcdef0123456789";
  static final String OPERATOR = "operator-token-0123456789abcdef01234567";

  private ApiFixture() {}

  /** The target of {@code pathAndQuery}, whose query parameters are added one by one, decoded. */
  static jakarta.ws.rs.client.WebTarget target(ResourceExtension api, String pathAndQuery) {
    int question = pathAndQuery.indexOf('?');
    jakarta.ws.rs.client.WebTarget target = api.target(question < 0 ? pathAndQuery : pathAndQuery.substring(0, question));
    if (question >= 0) {
      for (String pair : pathAndQuery.substring(question + 1).split("&")) {
        int equals = pair.indexOf('=');
        target = target.queryParam(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1)));
      }
    }
    return target;
  }

  private static String decode(String text) {
    return java.net.URLDecoder.decode(text, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** GETs {@code path}, checks the status (and the problem type of an error) and returns the body. */
  static com.fasterxml.jackson.databind.JsonNode get(ResourceExtension api, String path, int status) {
    try (jakarta.ws.rs.core.Response response = target(api, path).request().get()) {
      org.assertj.core.api.Assertions.assertThat(response.getStatus()).as(path).isEqualTo(status);
      if (status >= 400) {
        org.assertj.core.api.Assertions.assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
      }
      return response.readEntity(com.fasterxml.jackson.databind.JsonNode.class);
    }
  }

  static ResourceExtension resources(FakeDataflow dataflow, boolean authenticated) {
    DatasetQueries datasets = new DatasetQueries(dataflow, id -> id.equals(FakeDataflow.DAILY)
        ? Optional.of(new DatasetJson.Schema(List.of(new DatasetJson.Column("customer_id", "long", false),
            new DatasetJson.Column("day", "date", false)), List.of(new DatasetJson.PartitionField("day", "day", "identity")), Optional.of(7L)))
        : Optional.empty());
    BackfillCommands backfills = new BackfillCommands(dataflow, datasets, Clock.systemUTC());
    ResourceExtension.Builder builder = ResourceExtension.builder()
        .addProvider(new ApiExceptionMapper())
        .addProvider(new BodyLimitFilter())
        .addResource(new DatasetsResource(datasets, backfills))
        .addResource(new BackfillsResource(backfills))
        .addResource(new LineageResource(datasets, new LineageQueries(dataflow)))
        .addResource(new RunsResource(datasets, new RunQueries(dataflow)))
        .addResource(new OpenApiResource());
    if (authenticated) {
      AuthConfig config = new AuthConfig(true, List.of(
          new AuthConfig.BootstrapToken("ci-reader", Role.READER, READER),
          new AuthConfig.BootstrapToken("ci-operator", Role.OPERATOR, OPERATOR)));
      builder.addProvider(new AuthFilter(new Authenticator(config, hash -> Optional.empty()), new AccessPolicy()));
    }
    return builder.build();
  }
}

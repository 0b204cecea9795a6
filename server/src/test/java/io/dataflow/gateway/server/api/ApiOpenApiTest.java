package io.dataflow.gateway.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.gateway.server.resources.EventsResource;
import io.dataflow.gateway.server.resources.RuntimeResource;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiOpenApiTest {

  @Test
  void theDescriptionListsEveryOperationOfTheApiResources() throws Exception {
    Set<String> served = JerseyOperations.served(List.of(DatasetsResource.class, BackfillsResource.class, LineageResource.class, RunsResource.class,
        TokensResource.class, OpenApiResource.class, EventsResource.class, RuntimeResource.class));
    assertThat(served).contains("GET /api/v1/datasets/{id}/partitions", "POST /api/v1/datasets/{id}/refresh", "DELETE /api/v1/tokens/{id}");
    // the live gateway's test (ApiEndpointsIT) checks the other direction, with every resource registered
    assertThat(JerseyOperations.documented()).containsAll(served);
  }

  @Test
  void theDescriptionIsOpenApi3WithEveryReferencedSchemaDefined() throws Exception {
    String text = OpenApiResource.load();
    JsonNode document = new ObjectMapper().readTree(text);
    assertThat(document.path("openapi").asText()).startsWith("3.");
    java.util.regex.Matcher refs = java.util.regex.Pattern.compile("#/components/schemas/(\\w+)").matcher(text);
    while (refs.find()) {
      assertThat(document.path("components").path("schemas").has(refs.group(1))).as(refs.group(1)).isTrue();
    }
  }
}

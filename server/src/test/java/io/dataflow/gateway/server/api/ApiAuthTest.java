package io.dataflow.gateway.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class ApiAuthTest {

  static final ResourceExtension API = ApiFixture.resources(new FakeDataflow(), true);
  private static final String BACKFILL =
      "{\"dataset\": \"analytics.daily_customer_totals\", \"from\": \"2024-01-01\", \"to\": \"2024-01-02\"}";

  private static Invocation.Builder request(String path, String token) {
    Invocation.Builder builder = API.target(path).request();
    return token == null ? builder : builder.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
  }

  @Test
  void withoutATokenTheAnswerIs401WithAChallenge() {
    try (Response response = request("/api/v1/datasets", null).get()) {
      assertThat(response.getStatus()).isEqualTo(401);
      assertThat(response.getHeaderString(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer realm=\"dataflow-gateway\"");
      assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
    }
    try (Response response = request("/api/v1/datasets", "not-a-token").get()) {
      assertThat(response.getStatus()).isEqualTo(401);
      assertThat(response.getHeaderString(HttpHeaders.WWW_AUTHENTICATE)).contains("error=\"invalid_token\"");
    }
    try (Response response = API.target("/api/v1/datasets").request().header(HttpHeaders.AUTHORIZATION, "Basic dXNlcjpwdw==").get()) {
      assertThat(response.getStatus()).isEqualTo(401);
    }
  }

  @Test
  void aReaderReadsButMayNotStartABackfill() {
    try (Response response = request("/api/v1/datasets", ApiFixture.READER).get()) {
      assertThat(response.getStatus()).isEqualTo(200);
    }
    try (Response response = request("/api/v1/backfills", ApiFixture.READER).post(Entity.entity(BACKFILL, MediaType.APPLICATION_JSON))) {
      assertThat(response.getStatus()).isEqualTo(403);
      assertThat(response.readEntity(JsonNode.class).path("detail").asText())
          .isEqualTo("Token 'ci-reader' has role reader; POST /api/v1/backfills needs role operator");
    }
  }

  @Test
  void anOperatorStartsABackfill() {
    try (Response response = request("/api/v1/backfills", ApiFixture.OPERATOR).post(Entity.entity(BACKFILL, MediaType.APPLICATION_JSON))) {
      assertThat(response.getStatus()).isEqualTo(202);
    }
  }

  @Test
  void theApiDescriptionIsPublic() {
    try (Response response = request("/api/v1/openapi.json", null).get()) {
      assertThat(response.getStatus()).isEqualTo(200);
    }
  }
}

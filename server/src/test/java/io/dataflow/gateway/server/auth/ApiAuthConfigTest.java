package io.dataflow.gateway.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dropwizard.jackson.Jackson;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiAuthConfigTest {

  private static final ObjectMapper YAML = Jackson.newObjectMapper(new YAMLFactory());
  private static final String SECRET = "s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t";

  @Test
  void authenticationIsOnWithoutConfiguredTokensByDefault() throws Exception {
    assertThat(AuthConfig.defaults()).isEqualTo(new AuthConfig(true, List.of()));
    assertThat(YAML.readValue("{}", AuthConfig.class)).isEqualTo(AuthConfig.defaults());
  }

  @Test
  void everyKeyIsMapped() throws Exception {
    AuthConfig config = YAML.readValue("""
        enabled: false
        bootstrapTokens:
          - {name: deploy, role: admin, token: %s}
        """.formatted(SECRET), AuthConfig.class);
    assertThat(config).isEqualTo(new AuthConfig(false, List.of(new AuthConfig.BootstrapToken("deploy", Role.ADMIN, SECRET))));
    assertThat(config.toString()).doesNotContain(SECRET);
  }

  @Test
  void aShortOrNamelessOrDuplicateTokenIsRefusedWithTheReason() {
    assertThatThrownBy(() -> new AuthConfig.BootstrapToken("deploy", Role.ADMIN, "short"))
        .hasMessageContaining("at least 32 characters");
    assertThatThrownBy(() -> new AuthConfig.BootstrapToken(" ", Role.ADMIN, SECRET)).hasMessageContaining("name is required");
    assertThatThrownBy(() -> new AuthConfig(true, List.of(
        new AuthConfig.BootstrapToken("a", Role.ADMIN, SECRET), new AuthConfig.BootstrapToken("a", Role.READER, SECRET))))
        .hasMessageContaining("names 'a' twice");
  }

  @Test
  void configuredAndInternalTokensAuthenticateAndOthersAreLookedUpByHash() {
    String stored = "dgw_stored-token";
    ApiToken token = new ApiToken("tok_1", "ci", Role.READER, java.time.Instant.EPOCH, Optional.empty());
    Authenticator authenticator = new Authenticator(
        new AuthConfig(true, List.of(new AuthConfig.BootstrapToken("deploy", Role.ADMIN, SECRET))),
        hash -> hash.equals(Secrets.sha256(stored)) ? Optional.of(token) : Optional.empty());
    assertThat(authenticator.authenticate(SECRET)).map(Caller::role).contains(Role.ADMIN);
    assertThat(authenticator.authenticate(stored)).map(Caller::tokenId).contains(Optional.of("tok_1"));
    String internal = authenticator.issueInternal("embedded-trino", Role.OPERATOR);
    assertThat(internal).startsWith(Secrets.PREFIX).hasSizeGreaterThan(40);
    assertThat(authenticator.authenticate(internal)).map(Caller::name).contains("embedded-trino");
    assertThat(authenticator.authenticate("guess")).isEmpty();
    assertThat(authenticator.authenticate("")).isEmpty();
  }

  @Test
  void theFilterIsInstalledOnlyWhenAuthenticationIsEnabled() {
    TokenStore tokens = new TokenStore(new org.postgresql.ds.PGSimpleDataSource());
    var off = new io.dropwizard.jersey.setup.JerseyEnvironment(null, new io.dropwizard.jersey.DropwizardResourceConfig());
    assertThat(Authentication.install(new AuthConfig(false, List.of()), tokens, off)).isEmpty();
    assertThat(off.getResourceConfig().getInstances()).noneMatch(AuthFilter.class::isInstance);

    var on = new io.dropwizard.jersey.setup.JerseyEnvironment(null, new io.dropwizard.jersey.DropwizardResourceConfig());
    assertThat(Authentication.install(AuthConfig.defaults(), tokens, on)).isPresent();
    assertThat(on.getResourceConfig().getInstances()).anyMatch(AuthFilter.class::isInstance);
  }
}

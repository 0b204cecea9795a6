package io.dataflow.gateway.server.auth;

import io.dropwizard.jersey.setup.JerseyEnvironment;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Switches authentication on, or leaves the gateway open when {@code auth.enabled} is false. */
public final class Authentication {

  private static final Logger LOG = LoggerFactory.getLogger(Authentication.class);

  private Authentication() {}

  /**
   * Registers the token filter on the API and the catalog.
   *
   * @return the authenticator, to issue the gateway's own tokens; empty when authentication is off
   */
  public static Optional<Authenticator> install(AuthConfig config, TokenStore tokens, JerseyEnvironment jersey) {
    if (!config.enabled()) {
      LOG.warn("auth.enabled is false: the REST API and the Iceberg catalog serve every request without a token");
      return Optional.empty();
    }
    Authenticator authenticator = new Authenticator(config, tokens::validByHash);
    jersey.register(new AuthFilter(authenticator, new AccessPolicy()));
    return Optional.of(authenticator);
  }
}

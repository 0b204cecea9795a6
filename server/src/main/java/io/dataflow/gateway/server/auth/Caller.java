package io.dataflow.gateway.server.auth;

import static java.util.Objects.requireNonNull;

import java.security.Principal;
import java.util.Optional;

/**
 * Whoever a request's token belongs to.
 *
 * @param name the token's name ("first", "ci", "embedded-trino")
 * @param role what it may do
 * @param tokenId the stored token's id; empty for tokens from the configuration or made at start-up
 */
public record Caller(String name, Role role, Optional<String> tokenId) implements Principal {

  public Caller {
    requireNonNull(name, "name is null");
    requireNonNull(role, "role is null");
    requireNonNull(tokenId, "tokenId is null");
  }

  @Override
  public String getName() {
    return name;
  }
}

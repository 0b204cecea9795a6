package io.dataflow.gateway.server.auth;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A stored token, without its secret: only the secret's hash is kept, so it can never be shown again.
 *
 * @param id the token's identity, used to revoke it
 * @param name what it is for, as its creator named it
 * @param role what it may do
 * @param createdAt when it was created
 * @param revokedAt when it was revoked; empty while it is valid
 */
public record ApiToken(String id, String name, Role role, Instant createdAt, Optional<Instant> revokedAt) {

  public ApiToken {
    requireNonNull(id, "id is null");
    requireNonNull(name, "name is null");
    requireNonNull(role, "role is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(revokedAt, "revokedAt is null");
  }

  /**
   * A token just created, with its secret, which exists nowhere else.
   *
   * @param token the stored token
   * @param secret what a client sends as {@code Authorization: Bearer <secret>}
   */
  public record Issued(ApiToken token, String secret) {
    public Issued {
      requireNonNull(token, "token is null");
      requireNonNull(secret, "secret is null");
    }

    @Override
    public String toString() {
      return "Issued[token=" + token + ", secret=<hidden>]";
    }
  }
}

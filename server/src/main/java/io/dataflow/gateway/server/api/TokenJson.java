package io.dataflow.gateway.server.api;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.server.auth.ApiToken;
import io.dataflow.gateway.server.auth.Role;
import java.util.Optional;

/** The wire form of API tokens. */
public final class TokenJson {

  private TokenJson() {}

  /**
   * {@code POST /tokens}.
   *
   * @param name what the token is for, 1 to 100 characters
   * @param role {@code reader}, {@code operator} or {@code admin}
   */
  public record Request(String name, String role) {
    public Request {
      name = InvalidFieldException.required("name", name);
      if (name.length() > 100) {
        throw new InvalidFieldException("name", "name has " + name.length() + " characters; at most 100 are allowed");
      }
      role = InvalidFieldException.required("role", role);
      try {
        Role.parse(role);
      } catch (IllegalArgumentException e) {
        throw new InvalidFieldException("role", e.getMessage());
      }
    }
  }

  /** A token without its secret. */
  public record Token(String id, String name, String role, String createdAt, Optional<String> revokedAt) {
    public Token {
      requireNonNull(id, "id is null");
      requireNonNull(name, "name is null");
      requireNonNull(role, "role is null");
      requireNonNull(createdAt, "createdAt is null");
      requireNonNull(revokedAt, "revokedAt is null");
    }

    static Token of(ApiToken token) {
      return new Token(token.id(), token.name(), token.role().wireName(), token.createdAt().toString(), token.revokedAt().map(Object::toString));
    }
  }

  /**
   * A token just created, with its secret: the only answer that ever contains it.
   *
   * @param id the token, to revoke it
   * @param name what it is for
   * @param role what it may do
   * @param token the secret to send as {@code Authorization: Bearer <token>}
   */
  public record Issued(String id, String name, String role, String token) {
    public Issued {
      requireNonNull(id, "id is null");
      requireNonNull(name, "name is null");
      requireNonNull(role, "role is null");
      requireNonNull(token, "token is null");
    }

    @Override
    public String toString() {
      return "Issued[id=" + id + ", name=" + name + ", role=" + role + ", token=<hidden>]";
    }
  }
}

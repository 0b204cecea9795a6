package io.dataflow.gateway.server.auth;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Finds the caller of a secret: among the tokens of the configuration and those the gateway made for
 * itself at start-up (kept in memory, as hashes), then among the stored tokens. Stored tokens are
 * looked up on every request, so a revocation takes effect at once, also one made by the CLI.
 */
public final class Authenticator {

  private final Map<String, Caller> inMemory = new ConcurrentHashMap<>();
  private final Function<String, Optional<ApiToken>> storedByHash;

  /**
   * @param storedByHash the valid stored token whose secret has a given SHA-256 ({@link
   *     TokenStore#validByHash})
   */
  public Authenticator(AuthConfig config, Function<String, Optional<ApiToken>> storedByHash) {
    this.storedByHash = requireNonNull(storedByHash, "storedByHash is null");
    config.bootstrapTokens().forEach(t -> inMemory.put(Secrets.sha256(t.token()), new Caller(t.name(), t.role(), Optional.empty())));
  }

  /**
   * A token for a component of the gateway itself (the embedded Trino), valid until the gateway
   * stops and never stored.
   *
   * @return the secret
   */
  public String issueInternal(String name, Role role) {
    String secret = Secrets.newSecret();
    inMemory.put(Secrets.sha256(secret), new Caller(name, role, Optional.empty()));
    return secret;
  }

  /** The caller {@code secret} belongs to; empty for an unknown or revoked secret. */
  public Optional<Caller> authenticate(String secret) {
    if (secret == null || secret.isBlank()) {
      return Optional.empty();
    }
    String hash = Secrets.sha256(secret.strip());
    Caller known = inMemory.get(hash);
    if (known != null) {
      return Optional.of(known);
    }
    return storedByHash.apply(hash).map(t -> new Caller(t.name(), t.role(), Optional.of(t.id())));
  }
}

package io.dataflow.gateway.server.auth;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code auth:} section of the configuration.
 *
 * @param enabled whether the API and the catalog require a token (default true); when false every
 *     request is served, which is meant for a gateway on a trusted network only
 * @param bootstrapTokens tokens given by the configuration rather than created, typically from an
 *     environment variable ({@code token: ${GATEWAY_ADMIN_TOKEN}}) for automated deployments and
 *     tests; they are kept in memory only, as hashes, and are not listed by {@code GET /api/v1/tokens}
 */
public record AuthConfig(boolean enabled, List<BootstrapToken> bootstrapTokens) {

  /** The shortest configured secret accepted: shorter ones could be guessed. */
  static final int MIN_SECRET_LENGTH = 32;

  public AuthConfig {
    bootstrapTokens = List.copyOf(requireNonNull(bootstrapTokens, "bootstrapTokens is null"));
    Set<String> names = new HashSet<>();
    for (BootstrapToken token : bootstrapTokens) {
      if (!names.add(token.name())) {
        throw new IllegalArgumentException("auth.bootstrapTokens names '" + token.name() + "' twice: give each token its own name");
      }
    }
  }

  @JsonCreator
  public static AuthConfig fromYaml(
      @JsonProperty("enabled") Boolean enabled, @JsonProperty("bootstrapTokens") List<BootstrapToken> bootstrapTokens) {
    return new AuthConfig(enabled == null || enabled, bootstrapTokens == null ? List.of() : bootstrapTokens);
  }

  /** Authentication on, no configured token: the first admin token comes from {@code token create}. */
  public static AuthConfig defaults() {
    return fromYaml(null, null);
  }

  /**
   * A token given by the configuration.
   *
   * @param name what it is for
   * @param role what it may do
   * @param token the secret clients send, at least {@value AuthConfig#MIN_SECRET_LENGTH} characters
   */
  public record BootstrapToken(String name, Role role, String token) {
    public BootstrapToken {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("auth.bootstrapTokens[].name is required");
      }
      if (role == null) {
        throw new IllegalArgumentException("auth.bootstrapTokens[] '" + name + "' needs a role: reader, operator or admin");
      }
      if (token == null || token.strip().length() < MIN_SECRET_LENGTH) {
        throw new IllegalArgumentException("auth.bootstrapTokens[] '" + name + "' needs a token of at least "
            + MIN_SECRET_LENGTH + " characters (for example from an environment variable: token: ${GATEWAY_ADMIN_TOKEN})");
      }
      token = token.strip();
    }

    @Override
    public String toString() {
      return "BootstrapToken[name=" + name + ", role=" + role.wireName() + ", token=<hidden>]";
    }
  }
}

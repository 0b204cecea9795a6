package io.dataflow.gateway.server.auth;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** The tokens in PostgreSQL (table {@code api_tokens}, migration V5): hashes, never secrets. */
public final class TokenStore {

  private final DataSource dataSource;

  public TokenStore(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
  }

  /**
   * Creates a token and returns it with its secret, which is not stored.
   *
   * @throws IllegalArgumentException if the name is blank or longer than 100 characters
   */
  public ApiToken.Issued create(String name, Role role) {
    requireNonNull(role, "role is null");
    if (name == null || name.isBlank() || name.strip().length() > 100) {
      throw new IllegalArgumentException("A token needs a name of 1 to 100 characters, not '" + name + "'");
    }
    String secret = Secrets.newSecret();
    ApiToken token = new ApiToken("tok_" + UUID.randomUUID().toString().replace("-", ""), name.strip(), role,
        Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS), Optional.empty());
    try (Connection db = dataSource.getConnection();
        PreparedStatement insert = db.prepareStatement(
            "INSERT INTO api_tokens (token_id, name, role, secret_sha256, created_at) VALUES (?, ?, ?, ?, ?)")) {
      insert.setString(1, token.id());
      insert.setString(2, token.name());
      insert.setString(3, role.name());
      insert.setString(4, Secrets.sha256(secret));
      insert.setTimestamp(5, Timestamp.from(token.createdAt()));
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot store the new token '" + token.name() + "': " + e.getMessage(), e);
    }
    return new ApiToken.Issued(token, secret);
  }

  /** Every token, revoked ones too, oldest first. */
  public List<ApiToken> list() {
    try (Connection db = dataSource.getConnection();
        PreparedStatement select = db.prepareStatement(
            "SELECT token_id, name, role, created_at, revoked_at FROM api_tokens ORDER BY created_at, token_id");
        ResultSet rs = select.executeQuery()) {
      List<ApiToken> tokens = new ArrayList<>();
      while (rs.next()) {
        tokens.add(token(rs));
      }
      return List.copyOf(tokens);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read the tokens: " + e.getMessage(), e);
    }
  }

  /** The token {@code id}, revoked or not. */
  public Optional<ApiToken> get(String id) {
    return query("SELECT token_id, name, role, created_at, revoked_at FROM api_tokens WHERE token_id = ?", id);
  }

  /** The valid (not revoked) token whose secret hashes to {@code sha256}. */
  Optional<ApiToken> validByHash(String sha256) {
    return query("SELECT token_id, name, role, created_at, revoked_at FROM api_tokens"
        + " WHERE secret_sha256 = ? AND revoked_at IS NULL", sha256);
  }

  /**
   * Revokes token {@code id}: from now on its secret is refused.
   *
   * @return the token as revoked, or empty if there is no such token; revoking twice keeps the first
   *     revocation's time
   */
  public Optional<ApiToken> revoke(String id) {
    try (Connection db = dataSource.getConnection();
        PreparedStatement update = db.prepareStatement(
            "UPDATE api_tokens SET revoked_at = now() WHERE token_id = ? AND revoked_at IS NULL")) {
      update.setString(1, id);
      update.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot revoke token " + id + ": " + e.getMessage(), e);
    }
    return get(id);
  }

  private Optional<ApiToken> query(String sql, String argument) {
    try (Connection db = dataSource.getConnection(); PreparedStatement select = db.prepareStatement(sql)) {
      select.setString(1, argument);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? Optional.of(token(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read the tokens: " + e.getMessage(), e);
    }
  }

  private static ApiToken token(ResultSet rs) throws SQLException {
    Timestamp revoked = rs.getTimestamp("revoked_at");
    return new ApiToken(rs.getString("token_id"), rs.getString("name"), Role.valueOf(rs.getString("role")),
        rs.getTimestamp("created_at").toInstant(), Optional.ofNullable(revoked).map(Timestamp::toInstant));
  }
}

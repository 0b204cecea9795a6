package io.dataflow.gateway.server.db;

import static java.util.Objects.requireNonNull;

/**
 * Where the gateway's PostgreSQL is.
 *
 * @param url JDBC URL
 * @param user user
 * @param password password
 * @param embedded whether the gateway started this server itself
 */
public record Database(String url, String user, String password, boolean embedded) {
  public Database {
    requireNonNull(url, "url is null");
    requireNonNull(user, "user is null");
    requireNonNull(password, "password is null");
  }

  @Override
  public String toString() {
    return "Database[url=" + url + ", user=" + user + ", embedded=" + embedded + "]";
  }
}

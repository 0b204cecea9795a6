package io.dataflow.gateway.server.auth;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The role each request needs, decided by its method and path alone, so that resources added later
 * (imports, DAG migrations) are covered without annotations:
 *
 * <ul>
 *   <li>{@code /api/v1/openapi.json}: nobody; the API's description is public.
 *   <li>{@code /api/v1/tokens…} and {@code /api/v1/imports…}: admin, whatever the method.
 *   <li>other {@code /api/v1/…}: reader to read ({@code GET}, {@code HEAD}), operator for anything
 *       else (refresh, backfills, migrate, rollback).
 *   <li>{@code /iceberg/…}: reader to read, operator to create, commit or drop: the embedded Trino
 *       has an operator token of its own.
 *   <li>anything else: nobody.
 * </ul>
 */
public final class AccessPolicy {

  private static final Set<String> READS = Set.of("GET", "HEAD");

  /** The role needed; empty when the request needs no token. */
  public Optional<Role> required(String method, String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    boolean read = READS.contains(method.toUpperCase(Locale.ROOT));
    if (p.startsWith("iceberg/") || p.equals("iceberg")) {
      return Optional.of(read ? Role.READER : Role.OPERATOR);
    }
    if (!p.startsWith("api/")) {
      return Optional.empty();
    }
    if (p.equals("api/v1/openapi.json")) {
      return Optional.empty();
    }
    if (under(p, "api/v1/tokens") || under(p, "api/v1/imports")) {
      return Optional.of(Role.ADMIN);
    }
    return Optional.of(read ? Role.READER : Role.OPERATOR);
  }

  private static boolean under(String path, String prefix) {
    return path.equals(prefix) || path.startsWith(prefix + "/");
  }
}

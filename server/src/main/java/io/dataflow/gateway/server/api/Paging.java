package io.dataflow.gateway.server.api;

import static java.util.Objects.requireNonNull;

import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A page request: its size and where it starts. Cursors are opaque to clients (the base64url of the
 * last key served, with a version prefix so their form can change); a client passes back the
 * {@code next} link it was given.
 *
 * @param limit the page size, 1 to {@value #MAX_LIMIT}
 * @param after the key after which the page starts; empty for the first page
 */
record Paging(int limit, Optional<String> after) {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 500;
  private static final String VERSION = "c1:";

  Paging {
    requireNonNull(after, "after is null");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ApiException.invalid("limit", "limit must be from 1 to " + MAX_LIMIT + ", not " + limit);
    }
  }

  /** Parses the {@code limit} and {@code cursor} query parameters. */
  static Paging of(String limit, String cursor) {
    int size = DEFAULT_LIMIT;
    if (limit != null && !limit.isBlank()) {
      try {
        size = Integer.parseInt(limit.strip());
      } catch (NumberFormatException e) {
        throw ApiException.invalid("limit", "limit must be an integer from 1 to " + MAX_LIMIT + ", not '" + limit + "'");
      }
    }
    return new Paging(size, decode(cursor));
  }

  /**
   * The page of {@code sorted} after the cursor, with the link to the next one.
   *
   * @param sorted every item, in the order of their keys
   * @param key the key of an item, as the cursor holds it
   */
  <T, R> Page<R> page(List<T> sorted, Function<T, String> key, Function<T, R> view, UriInfo uri) {
    int start = 0;
    if (after.isPresent()) {
      while (start < sorted.size() && key.apply(sorted.get(start)).compareTo(after.get()) <= 0) {
        start++;
      }
    }
    int end = Math.min(sorted.size(), start + limit);
    List<R> items = sorted.subList(start, end).stream().map(view).toList();
    Optional<String> next = end < sorted.size()
        ? Optional.of(link(uri, encode(key.apply(sorted.get(end - 1)))))
        : Optional.empty();
    return new Page<>(items, next);
  }

  /**
   * The page of items a store read from the cursor on: {@code afterCursor} holds the items after the
   * cursor in key order, at most one more than the page, which only tells that a next page follows.
   *
   * @param key the key of an item, as the cursor holds it
   */
  <T, R> Page<R> pageAfterCursor(List<T> afterCursor, Function<T, String> key, Function<T, R> view, UriInfo uri) {
    if (afterCursor.size() > limit + 1) {
      throw new IllegalArgumentException("A page of " + limit + " read " + afterCursor.size() + " items, expected at most " + (limit + 1));
    }
    int end = Math.min(afterCursor.size(), limit);
    List<R> items = afterCursor.subList(0, end).stream().map(view).toList();
    Optional<String> next = afterCursor.size() > limit
        ? Optional.of(link(uri, encode(key.apply(afterCursor.get(end - 1)))))
        : Optional.empty();
    return new Page<>(items, next);
  }

  /** The link to the page that starts after {@code cursor}, with the request's other parameters. */
  String link(UriInfo uri, String cursor) {
    java.net.URI next = uri.getRequestUriBuilder().replaceQueryParam("cursor", cursor).replaceQueryParam("limit", limit).build();
    return next.getRawPath() + "?" + next.getRawQuery();
  }

  static String encode(String key) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((VERSION + key).getBytes(StandardCharsets.UTF_8));
  }

  private static Optional<String> decode(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return Optional.empty();
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8);
      if (text.startsWith(VERSION)) {
        return Optional.of(text.substring(VERSION.length()));
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw ApiException.invalid("cursor", "cursor '" + cursor + "' is not one this API issued; pass back the 'next' link of the previous page");
  }
}

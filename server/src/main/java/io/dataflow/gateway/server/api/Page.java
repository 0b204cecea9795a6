package io.dataflow.gateway.server.api;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One page of a list.
 *
 * @param items the items of this page
 * @param next the link to the next page (same filters, the cursor after this page's last item); empty
 *     on the last page
 * @param <T> the items' type
 */
public record Page<T>(List<T> items, Optional<String> next) {
  public Page {
    items = List.copyOf(requireNonNull(items, "items is null"));
    requireNonNull(next, "next is null");
  }
}

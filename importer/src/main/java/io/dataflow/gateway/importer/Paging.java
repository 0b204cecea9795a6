package io.dataflow.gateway.importer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Reads every page of a list endpoint: {@code limit}/{@code offset} until {@code total_entries}. */
final class Paging {

    /** A page request. */
    @FunctionalInterface
    interface PageFetcher<P> {
        P fetch(int limit, int offset);
    }

    private Paging() {
    }

    /**
     * @param pageSize the {@code limit} of each request
     * @param cap stop after this many items (Integer.MAX_VALUE for all)
     * @param total the page's {@code total_entries}; null when the endpoint does not say
     */
    static <P, T> List<T> all(int pageSize, int cap, PageFetcher<P> fetcher, Function<P, List<T>> items,
            Function<P, Integer> total) {
        List<T> out = new ArrayList<>();
        int offset = 0;
        while (out.size() < cap) {
            int limit = Math.min(pageSize, cap - out.size());
            P page = fetcher.fetch(limit, offset);
            List<T> got = page == null || items.apply(page) == null ? List.of() : items.apply(page);
            out.addAll(got.size() > cap - out.size() ? got.subList(0, cap - out.size()) : got);
            offset += got.size();
            Integer totalEntries = page == null ? null : total.apply(page);
            boolean more = totalEntries == null ? got.size() >= limit : offset < totalEntries;
            if (got.isEmpty() || !more) {
                break;
            }
        }
        return out;
    }
}

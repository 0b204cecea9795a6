package io.dataflow.gateway.annotator.internal;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.rel.metadata.JaninoRelMetadataProvider;
import org.apache.calcite.rel.metadata.MetadataHandler;
import org.apache.calcite.rel.metadata.MetadataHandlerProvider;

/**
 * The metadata handlers of a {@link JaninoRelMetadataProvider}, each compiled once and then handed
 * to every {@code RelMetadataQuery} made from it. Calcite's provider gives a new query placeholder
 * handlers (a proxy per kind of metadata, about thirty) that throw on first use, and only then looks
 * up the compiled handler; a plan makes a new query after every change (the push-down planner, a
 * second pass over the predicates), so that cost was paid many times per annotation. The compiled
 * handlers keep no state of their own (a query's results are cached in the query), which is why
 * Calcite itself shares them between queries. Thread-safe.
 */
final class CompiledHandlers implements MetadataHandlerProvider {

  private final JaninoRelMetadataProvider provider;
  private final Map<Class<?>, MetadataHandler<?>> compiled = new ConcurrentHashMap<>();

  CompiledHandlers(JaninoRelMetadataProvider provider) {
    this.provider = requireNonNull(provider, "provider is null");
  }

  @Override
  public <MH extends MetadataHandler<?>> MH handler(Class<MH> handlerClass) {
    return handlerClass.cast(compiled.computeIfAbsent(handlerClass, c -> provider.revise(handlerClass)));
  }

  @Override
  public <MH extends MetadataHandler<?>> MH revise(Class<MH> handlerClass) {
    return handler(handlerClass);
  }
}

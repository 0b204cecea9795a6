package io.dataflow.gateway.server.health;

import com.codahale.metrics.health.HealthCheck;
import io.dataflow.gateway.catalog.GatewayCatalog;
import java.util.Optional;
import org.apache.iceberg.catalog.Namespace;

/** The Iceberg catalog can list its namespaces. */
public final class CatalogHealthCheck extends HealthCheck {
  private final GatewayCatalog catalog;

  public CatalogHealthCheck(GatewayCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  protected Result check() {
    int namespaces = catalog.listNamespaces(Namespace.empty(), Optional.empty(), Optional.empty()).namespaces().size();
    return Result.healthy(namespaces + " namespace(s), warehouse " + catalog.warehouse());
  }
}

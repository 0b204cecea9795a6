package io.dataflow.gateway.server.it;

import io.dataflow.gateway.trino.testing.SharedTrino;

/** Hands executor-trino's query tests the Trino that the shared gateway launched. */
public final class GatewayTrino implements SharedTrino.Provider {
  @Override
  public String jdbcUrl() {
    return SharedGateway.get().trinoJdbcUrl();
  }
}

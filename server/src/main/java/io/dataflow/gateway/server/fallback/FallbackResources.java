package io.dataflow.gateway.server.fallback;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.importer.bridge.AirflowBridge;
import io.dataflow.gateway.trino.TrinoClient;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the fallback's actions run against, owned by the rest of the gateway (the scheduler closes
 * none of them).
 *
 * @param trino the gateway's shared Trino client, asked for at each SQL run (the embedded Trino's
 *     address is only known once it has started)
 * @param airflow the configured Airflow connections by name, for {@link FallbackAction.AirflowDagRun};
 *     they hold the credentials, so that no job has to
 * @param environment where the values of {@link FallbackAction.HttpCall#secretHeaders()} are read:
 *     variable name to value
 */
public record FallbackResources(
    Supplier<TrinoClient> trino, Map<String, AirflowBridge> airflow, Function<String, Optional<String>> environment) {

  public FallbackResources {
    requireNonNull(trino, "trino is null");
    requireNonNull(environment, "environment is null");
    airflow = Map.copyOf(requireNonNull(airflow, "airflow is null"));
  }

  /** Resources reading secrets from the gateway process's environment variables. */
  public static FallbackResources of(Supplier<TrinoClient> trino, Map<String, AirflowBridge> airflow) {
    return new FallbackResources(trino, airflow, name -> Optional.ofNullable(System.getenv(name)));
  }
}

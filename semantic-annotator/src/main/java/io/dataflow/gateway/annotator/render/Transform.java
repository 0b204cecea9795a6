package io.dataflow.gateway.annotator.render;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.annotator.Dialect;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A task's transform as the gateway keeps it: the SQL template in the dialect of its connection and
 * the values of its {@code params.x}. Parameter values are data: they are only ever rendered inside
 * string literals, escaped.
 *
 * @param sqlTemplate the task's SQL with its Airflow template expressions
 * @param dialect the dialect it is written in
 * @param params values of the {@code params.x} the SQL uses, by name
 */
public record Transform(String sqlTemplate, Dialect dialect, Map<String, String> params) {

  private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public Transform {
    requireNonNull(sqlTemplate, "sqlTemplate is null");
    requireNonNull(dialect, "dialect is null");
    params = Map.copyOf(requireNonNull(params, "params is null"));
    for (String name : params.keySet()) {
      if (!PARAM_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "Invalid parameter name '%s': expected letters, digits and _".formatted(name));
      }
    }
  }

  /** A transform without user parameters. */
  public static Transform of(String sqlTemplate, Dialect dialect) {
    return new Transform(sqlTemplate, dialect, Map.of());
  }
}

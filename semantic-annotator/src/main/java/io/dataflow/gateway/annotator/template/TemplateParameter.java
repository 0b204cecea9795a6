package io.dataflow.gateway.annotator.template;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.annotator.SourcePosition;
import java.util.Optional;

/**
 * One template expression of a task, typed.
 *
 * @param expression the expression as written between the braces, trimmed ({@code ds},
 *     {@code macros.ds_add(ds, -6)})
 * @param kind what it stands for
 * @param type the SQL type it has where it stands ({@code DATE '{{ ds }}'} is a DATE)
 * @param offset offset from the logical date in {@code offsetUnit} ({@code -6} for
 *     {@code ds_add(ds, -6)}); zero for user parameters
 * @param offsetUnit unit of {@code offset}: {@code DAYS} for {@code ds_add}, the schedule's unit for
 *     {@code data_interval_end}
 * @param userParameter the name of a {@code params.x} parameter, empty otherwise
 * @param position where the opening braces stand in the template
 */
public record TemplateParameter(
    String expression,
    ParameterKind kind,
    ParameterType type,
    long offset,
    java.time.temporal.ChronoUnit offsetUnit,
    Optional<String> userParameter,
    SourcePosition position) {

  public TemplateParameter {
    requireNonNull(expression, "expression is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(type, "type is null");
    requireNonNull(offsetUnit, "offsetUnit is null");
    requireNonNull(userParameter, "userParameter is null");
    requireNonNull(position, "position is null");
    if ((kind == ParameterKind.USER_PARAM) != userParameter.isPresent()) {
      throw new IllegalArgumentException(
          "A user parameter needs its name and only a user parameter has one: " + expression);
    }
  }

  /** True when the parameter is a function of the logical date (everything but {@code params.x}). */
  public boolean isTemporal() {
    return kind != ParameterKind.USER_PARAM;
  }
}

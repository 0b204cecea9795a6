package io.dataflow.gateway.annotator.template;

/** SQL type a template parameter takes where it stands in the statement. */
public enum ParameterType {
  DATE,
  TIMESTAMP,
  VARCHAR,
  INTEGER
}

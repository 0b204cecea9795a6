package io.dataflow.gateway.server.metrics;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes metric families in the Prometheus text exposition format, version 0.0.4: a {@code # HELP}
 * and a {@code # TYPE} line per family, then its samples.
 */
final class PrometheusText {

  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private final StringBuilder out = new StringBuilder();

  /** A counter family with one unlabelled sample. */
  PrometheusText counter(String name, String help, long value) {
    header(name, help, "counter");
    sample(name, Map.of(), Long.toString(value));
    return this;
  }

  /** A counter family with one sample per value of {@code label}, in the map's order. */
  PrometheusText counter(String name, String help, String label, Map<String, Long> values) {
    header(name, help, "counter");
    values.forEach((labelValue, value) -> sample(name, Map.of(label, labelValue), Long.toString(value)));
    return this;
  }

  PrometheusText gauge(String name, String help, long value) {
    header(name, help, "gauge");
    sample(name, Map.of(), Long.toString(value));
    return this;
  }

  PrometheusText gauge(String name, String help, String label, Map<String, Long> values) {
    header(name, help, "gauge");
    values.forEach((labelValue, value) -> sample(name, Map.of(label, labelValue), Long.toString(value)));
    return this;
  }

  /** A histogram family: cumulative {@code _bucket} samples ending with {@code le="+Inf"}, {@code _sum}, {@code _count}. */
  PrometheusText histogram(String name, String help, Histogram.Snapshot histogram) {
    header(name, help, "histogram");
    for (int i = 0; i < histogram.bounds().size(); i++) {
      sample(name + "_bucket", Map.of("le", number(histogram.bounds().get(i))), Long.toString(histogram.cumulative().get(i)));
    }
    sample(name + "_bucket", Map.of("le", "+Inf"), Long.toString(histogram.cumulative().getLast()));
    sample(name + "_sum", Map.of(), number(histogram.sum()));
    sample(name + "_count", Map.of(), Long.toString(histogram.count()));
    return this;
  }

  @Override
  public String toString() {
    return out.toString();
  }

  private void header(String name, String help, String type) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Invalid metric name '" + name + "': expected [a-zA-Z_:][a-zA-Z0-9_:]*");
    }
    out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private void sample(String name, Map<String, String> labels, String value) {
    out.append(name);
    if (!labels.isEmpty()) {
      out.append('{');
      String separator = "";
      for (Map.Entry<String, String> label : labels.entrySet()) {
        if (!LABEL.matcher(label.getKey()).matches()) {
          throw new IllegalArgumentException("Invalid label name '" + label.getKey() + "' of " + name + ": expected [a-zA-Z_][a-zA-Z0-9_]*");
        }
        out.append(separator).append(label.getKey()).append("=\"").append(escapeLabelValue(label.getValue())).append('"');
        separator = ",";
      }
      out.append('}');
    }
    out.append(' ').append(value).append('\n');
  }

  /** In HELP text a backslash and a line feed are escaped. */
  static String escapeHelp(String help) {
    return help.replace("\\", "\\\\").replace("\n", "\\n");
  }

  /** In a label value a backslash, a double quote and a line feed are escaped. */
  static String escapeLabelValue(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  static String number(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    return Double.toString(value);
  }
}

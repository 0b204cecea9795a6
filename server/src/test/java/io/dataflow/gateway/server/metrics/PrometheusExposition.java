package io.dataflow.gateway.server.metrics;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Prometheus text exposition (0.0.4) line by line, strictly enough to fail on what a
 * Prometheus server would reject: a sample whose family had no TYPE line, a malformed label set, a
 * value that is not a number, a family declared twice.
 */
public final class PrometheusExposition {

  private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)");
  private static final Pattern HELP = Pattern.compile("# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .*");
  private static final Pattern SAMPLE = Pattern.compile(
      "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"(?:,|(?=\\})))*\\})? (\\S+)");
  private static final Set<String> HISTOGRAM_SUFFIXES = Set.of("_bucket", "_sum", "_count");

  private PrometheusExposition() {}

  /**
   * Every sample, keyed by its name and label set as written.
   *
   * @throws AssertionError naming the first line that is not valid exposition
   */
  public static Map<String, Double> parse(String text) {
    Map<String, String> types = new HashMap<>();
    Map<String, Double> samples = new LinkedHashMap<>();
    String[] lines = text.split("\n", -1);
    if (!lines[lines.length - 1].isEmpty()) {
      throw new AssertionError("The exposition does not end with a line feed");
    }
    for (int i = 0; i < lines.length - 1; i++) {
      String line = lines[i];
      Matcher type = TYPE.matcher(line);
      if (type.matches()) {
        if (types.put(type.group(1), type.group(2)) != null) {
          throw new AssertionError("Line " + (i + 1) + " declares " + type.group(1) + " a second time: " + line);
        }
        continue;
      }
      if (HELP.matcher(line).matches()) {
        continue;
      }
      Matcher sample = SAMPLE.matcher(line);
      if (!sample.matches()) {
        throw new AssertionError("Line " + (i + 1) + " is neither a comment nor a sample: " + line);
      }
      String family = family(sample.group(1), types);
      if (!types.containsKey(family)) {
        throw new AssertionError("Line " + (i + 1) + " has a sample of " + sample.group(1) + " without a TYPE line before it: " + line);
      }
      samples.put(sample.group(1) + (sample.group(2) == null ? "" : sample.group(2)), value(sample.group(3), i + 1));
    }
    return samples;
  }

  private static String family(String name, Map<String, String> types) {
    for (String suffix : HISTOGRAM_SUFFIXES) {
      String base = name.substring(0, Math.max(0, name.length() - suffix.length()));
      if (name.endsWith(suffix) && "histogram".equals(types.get(base))) {
        return base;
      }
    }
    return name;
  }

  private static double value(String text, int line) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> {
        try {
          yield Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw new AssertionError("Line " + line + " has the value '" + text + "', which is not a number");
        }
      }
    };
  }
}

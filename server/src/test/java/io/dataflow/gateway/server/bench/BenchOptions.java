package io.dataflow.gateway.server.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's command-line options, {@code --name=value} each.
 *
 * @param days days of transactions loaded, backfilled by both sides ({@code --days}, default 365)
 * @param orders the TPC-H schema the transactions come from ({@code --orders}, default {@code sf0.1}: 150,000 orders)
 * @param reactions restatements timed for the reaction ({@code --reactions}, default 20)
 * @param reactionWarmUp restatements handled before those, timed apart ({@code --reaction-warm-up}, default 20): the
 *     gateway's code paths of a reaction are compiled by the JIT only after it has handled a number of them, as a gateway
 *     that has been running does
 * @param restatedDay the day of the loaded range restated for precision, counting from 1 ({@code --restated-day}, default 10)
 * @param seed the seed of the reaction's random days and pauses ({@code --seed})
 * @param trinoHeap the embedded Trino's {@code -Xmx} ({@code --trino-heap}, default 2G)
 * @param trace whether to log, during the reaction, every PostgreSQL statement with its duration
 *     ({@code postgres.log}) and every HTTP request of the gateway with its duration ({@code requests.log}),
 *     to see where the reaction's time goes; it slows the gateway down, so the figures of such a run are
 *     not the benchmark's ({@code --trace=true}, default false)
 */
record BenchOptions(int days, String orders, int reactions, int reactionWarmUp, int restatedDay, long seed, String trinoHeap, boolean trace) {

  static final String USAGE = "options: --days=365 --orders=sf0.1 --reactions=20 --reaction-warm-up=20 --restated-day=10 --seed=20261121 --trino-heap=2G --trace=false";

  BenchOptions {
    if (reactions < 1) {
      throw new IllegalArgumentException("Invalid --reactions=" + reactions + ": expected at least 1");
    }
    if (reactionWarmUp < 0) {
      throw new IllegalArgumentException("Invalid --reaction-warm-up=" + reactionWarmUp + ": expected 0 or more");
    }
    if (restatedDay < 1 || restatedDay > days) {
      throw new IllegalArgumentException("Invalid --restated-day=%d: expected a day of the loaded range 1..%d".formatted(restatedDay, days));
    }
    if (!trinoHeap.matches("[0-9]+[MG]")) {
      throw new IllegalArgumentException("Invalid --trino-heap=" + trinoHeap + ": expected a size like 2G or 1536M");
    }
  }

  /**
   * The options of {@code args}; every option not given keeps its default.
   *
   * @throws IllegalArgumentException naming the argument that is not an option of {@link #USAGE}
   */
  static BenchOptions parse(List<String> args) {
    Map<String, String> values = new LinkedHashMap<>(Map.of(
        "days", "365", "orders", "sf0.1", "reactions", "20", "reaction-warm-up", "20", "restated-day", "10", "seed", "20261121",
        "trino-heap", "2G", "trace", "false"));
    for (String arg : args) {
      int equals = arg.indexOf('=');
      String name = arg.startsWith("--") && equals > 2 ? arg.substring(2, equals) : "";
      if (!values.containsKey(name)) {
        throw new IllegalArgumentException("Unknown argument '" + arg + "'; " + USAGE);
      }
      values.put(name, arg.substring(equals + 1));
    }
    if (!values.get("trace").matches("true|false")) {
      throw new IllegalArgumentException("Invalid --trace=" + values.get("trace") + ": expected true or false");
    }
    try {
      return new BenchOptions(Integer.parseInt(values.get("days")), values.get("orders"), Integer.parseInt(values.get("reactions")),
          Integer.parseInt(values.get("reaction-warm-up")), Integer.parseInt(values.get("restated-day")), Long.parseLong(values.get("seed")), values.get("trino-heap"),
          Boolean.parseBoolean(values.get("trace")));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid number in " + args + ": " + e.getMessage() + "; " + USAGE, e);
    }
  }
}

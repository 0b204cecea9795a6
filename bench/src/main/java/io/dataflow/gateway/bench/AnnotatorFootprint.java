package io.dataflow.gateway.bench;

import io.dataflow.gateway.annotator.Corpus;
import io.dataflow.gateway.annotator.CorpusCase;
import io.dataflow.gateway.annotator.SemanticAnnotator;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * The annotator's throughput as tasks and statements per CPU-second of the annotating thread (which
 * the load of other processes on the machine does not inflate, unlike wall time), and the peak heap
 * while it annotates the corpus round after round: the highest heap occupancy the JVM's memory pools
 * recorded, garbage included, after a reset at the start of the measured rounds. A quick check
 * beside {@link AnnotatorBenchmark}; arguments: warm-up rounds and measured rounds (default 1,000
 * and 200), then {@code fresh} (the default: every statement analyzed) or {@code cached}
 * (annotations kept, so the measured rounds re-annotate known statements). Pinned to one core, the
 * JIT compiler shares that core, and Calcite's code is compiled to its steady state only after
 * several hundred rounds; fewer warm-up rounds measure the compiler as much as the annotator. A task
 * of several statements ({@code DELETE …; INSERT …}) counts as one task and as its statements. It
 * also reports the bytes the annotating thread allocated per task, a figure the machine's load does
 * not change.
 */
public final class AnnotatorFootprint {

  private AnnotatorFootprint() {}

  public static void main(String[] args) {
    int warmupRounds = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    List<CorpusCase> corpus = Corpus.cases();
    boolean cached = args.length > 2 && args[2].equals("cached");
    SemanticAnnotator annotator = cached ? SemanticAnnotator.create() : SemanticAnnotator.uncached();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    long sink = 0;
    for (int r = 0; r < warmupRounds; r++) {
      sink += annotateAll(annotator, corpus);
    }
    System.gc();
    List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP).toList();
    heap.forEach(MemoryPoolMXBean::resetPeakUsage);
    long allocated0 = allocatedBytes(threads);
    long cpu0 = threads.getCurrentThreadCpuTime();
    long wall0 = System.nanoTime();
    for (int r = 0; r < rounds; r++) {
      sink += annotateAll(annotator, corpus);
    }
    double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
    double wall = (System.nanoTime() - wall0) / 1e9;
    long allocated = allocatedBytes(threads) - allocated0;
    long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    int tasks = rounds * corpus.size();
    long statements = (long) rounds * corpus.stream().mapToInt(task -> statementCount(task.sql())).sum();
    System.out.printf("corpus: %d tasks, %d statements; %d warm-up rounds, %d measured rounds (%,d tasks), %s%n",
        corpus.size(), statements / rounds, warmupRounds, rounds, tasks,
        cached ? "annotations kept" : "every statement analyzed");
    System.out.printf("throughput: %,.0f tasks per CPU-second of the annotating thread"
        + " (%,.0f per wall-clock second)%n", tasks / cpu, tasks / wall);
    System.out.printf("            %,.0f statements per CPU-second of the annotating thread"
        + " (%,.0f per wall-clock second)%n", statements / cpu, statements / wall);
    System.out.printf("peak heap during the measured rounds: %.1f MiB (max heap %.0f MiB); %d%n",
        peak / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0, sink % 2);
    if (allocated >= 0) {
      System.out.printf("allocated by the annotating thread: %,.0f KB per task%n",
          allocated / 1000.0 / tasks);
    }
  }

  /** Bytes the current thread allocated so far, or -1 where the JVM does not count them. */
  private static long allocatedBytes(ThreadMXBean threads) {
    return threads instanceof com.sun.management.ThreadMXBean counting
        ? counting.getCurrentThreadAllocatedBytes() : -1;
  }

  /**
   * The statements of a task's SQL: its semicolons outside string literals, quoted names and
   * comments, plus one unless the text ends with one.
   */
  static int statementCount(String sql) {
    int count = 0;
    boolean open = false;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        int close = sql.indexOf(c, i + 1);
        i = close < 0 ? sql.length() : close;
        open = true;
      } else if (sql.startsWith("--", i)) {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? sql.length() : end;
      } else if (sql.startsWith("/*", i)) {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? sql.length() : end + 1;
      } else if (c == ';') {
        count += open ? 1 : 0;
        open = false;
      } else if (!Character.isWhitespace(c)) {
        open = true;
      }
    }
    return count + (open ? 1 : 0);
  }

  private static long annotateAll(SemanticAnnotator annotator, List<CorpusCase> corpus) {
    long sum = 0;
    for (CorpusCase task : corpus) {
      sum += annotator.annotate(task.sql(), task.dialect(), task.schema()).fingerprint().charAt(0);
    }
    return sum;
  }
}

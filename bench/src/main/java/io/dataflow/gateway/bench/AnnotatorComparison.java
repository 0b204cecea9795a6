package io.dataflow.gateway.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Compares builds of the annotator in one JVM on one thread: each given {@code benchmarks.jar} is
 * loaded in a class loader of its own, and the corpus rounds of the builds alternate (the order
 * rotating each round), every statement analyzed ({@code SemanticAnnotator.uncached()}). On a
 * machine shared with other work, two runs one after the other see different loads; rounds that
 * alternate see the same. Arguments: warm-up rounds, measured rounds, then the jars.
 */
public final class AnnotatorComparison {

  private AnnotatorComparison() {}

  /** One build: its annotator and corpus, reached by reflection through its own class loader. */
  private record Build(String name, Object annotator, List<?> corpus, Method annotate,
      Method sql, Method dialect, Method schema) {

    static Build load(String jar) throws ReflectiveOperationException, java.io.IOException {
      ClassLoader loader = new URLClassLoader(new URL[] {Path.of(jar).toUri().toURL()},
          ClassLoader.getPlatformClassLoader());
      Class<?> annotatorType = loader.loadClass("io.dataflow.gateway.annotator.SemanticAnnotator");
      Class<?> caseType = loader.loadClass("io.dataflow.gateway.annotator.CorpusCase");
      return new Build(jar,
          annotatorType.getMethod("uncached").invoke(null),
          (List<?>) loader.loadClass("io.dataflow.gateway.annotator.Corpus").getMethod("cases").invoke(null),
          annotatorType.getMethod("annotate", String.class,
              loader.loadClass("io.dataflow.gateway.annotator.Dialect"),
              loader.loadClass("io.dataflow.gateway.annotator.schema.SchemaProvider")),
          caseType.getMethod("sql"), caseType.getMethod("dialect"), caseType.getMethod("schema"));
    }

    void annotateAll() throws ReflectiveOperationException {
      for (Object task : corpus) {
        annotate.invoke(annotator, sql.invoke(task), dialect.invoke(task), schema.invoke(task));
      }
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      throw new IllegalArgumentException(
          "Usage: AnnotatorComparison <warm-up rounds> <measured rounds> <benchmarks.jar>..., got "
              + Arrays.toString(args));
    }
    int warmupRounds = Integer.parseInt(args[0]);
    int rounds = Integer.parseInt(args[1]);
    Build[] builds = new Build[args.length - 2];
    for (int i = 0; i < builds.length; i++) {
      builds[i] = Build.load(args[i + 2]);
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long[] cpu = new long[builds.length];
    long[] wall = new long[builds.length];
    for (int r = 0; r < warmupRounds + rounds; r++) {
      for (int k = 0; k < builds.length; k++) {
        int i = (r + k) % builds.length;
        long cpu0 = threads.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        builds[i].annotateAll();
        if (r >= warmupRounds) {
          cpu[i] += threads.getCurrentThreadCpuTime() - cpu0;
          wall[i] += System.nanoTime() - wall0;
        }
      }
    }
    for (int i = 0; i < builds.length; i++) {
      int statements = rounds * builds[i].corpus().size();
      System.out.printf("%s: %,d statements, %,.0f per CPU-second, %,.0f per wall-clock second%n",
          builds[i].name(), statements, statements / (cpu[i] / 1e9), statements / (wall[i] / 1e9));
    }
  }
}

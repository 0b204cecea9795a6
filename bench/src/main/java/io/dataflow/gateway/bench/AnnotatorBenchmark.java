package io.dataflow.gateway.bench;

import io.dataflow.gateway.annotator.Corpus;
import io.dataflow.gateway.annotator.CorpusCase;
import io.dataflow.gateway.annotator.SemanticAnnotator;
import io.dataflow.gateway.annotator.TaskAnnotation;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Statements annotated per second by one thread, over the annotator's corpus (every category, with
 * its schema), one task after the other in a fixed round: {@code annotate} analyzes each (a new
 * statement), {@code annotateAgain} with the annotations kept (a statement annotated before). Run pinned to one core
 * ({@code taskset -c 0}) for the one-core figure. The warm-up is long because there the JIT compiler
 * shares the core with the benchmark: Calcite's code reaches its compiled steady state only after
 * about a minute of annotating.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-XX:ActiveProcessorCount=1"})
@Warmup(iterations = 12, time = 10)
@Measurement(iterations = 5, time = 10)
public class AnnotatorBenchmark {

  /** Analyzes every call: the cost of a statement the annotator has not seen. */
  private final SemanticAnnotator fresh = SemanticAnnotator.uncached();
  /** Keeps annotations: the cost of annotating a task again, as the server does. */
  private final SemanticAnnotator cached = SemanticAnnotator.create();
  private List<CorpusCase> corpus;
  private int next;

  @Setup
  public void loadCorpus() {
    corpus = Corpus.cases();
  }

  /** One task of the corpus analyzed; the round goes through the whole corpus. */
  @Benchmark
  public TaskAnnotation annotate() {
    CorpusCase task = corpus.get(next);
    next = (next + 1) % corpus.size();
    return fresh.annotate(task.sql(), task.dialect(), task.schema());
  }

  /** The same with the annotations kept: every round after the first re-annotates known tasks. */
  @Benchmark
  public TaskAnnotation annotateAgain() {
    CorpusCase task = corpus.get(next);
    next = (next + 1) % corpus.size();
    return cached.annotate(task.sql(), task.dialect(), task.schema());
  }
}

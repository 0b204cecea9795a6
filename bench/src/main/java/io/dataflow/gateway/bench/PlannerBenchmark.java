package io.dataflow.gateway.bench;

import io.dataflow.gateway.planner.scheduling.Propagation;
import io.dataflow.gateway.planner.scheduling.Wave;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The planner at scale (issue 5): 10,000 transforms, about 1,000,000 tracked partitions all FRESH,
 * and one single-partition restatement of one raw table. {@link #restatement} measures what the
 * gateway does when the snapshot event arrives: mark the downstream stale ({@code onSnapshot}) and
 * plan the first wave ({@code plan}). Each invocation starts from the same all-FRESH state: the
 * partitions touched are restored after it, outside the measured time.
 *
 * <p>Sample time, so that JMH reports percentiles as well as the mean. Short runs by default (the
 * machine is shared): override with {@code -f}, {@code -wi}, {@code -i}, {@code -r} on the command line.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// 3 GiB: the state takes ~0.6 GiB, and restoring it after each invocation keeps adding to its history.
@Fork(value = 2, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PlannerBenchmark {

  private RestatementFixture fixture;

  @Setup(Level.Trial)
  public void buildGraphAndState() {
    fixture = new RestatementFixture(SyntheticDataflow.atScale());
    System.out.printf("%n%s, %,d partitions tracked; one restatement makes %,d partitions stale, the first wave has %d tasks%n",
        fixture.dataflow().graph(), fixture.tracked(), fixture.affected(), fixture.firstWaveTasks());
  }

  /** onSnapshot + plan: the time to plan one single-partition restatement (target &lt; 5 ms). */
  @Benchmark
  public Wave restatement() {
    fixture.onSnapshot();
    return fixture.plan();
  }

  /** onSnapshot alone: marking the downstream stale. */
  @Benchmark
  public Propagation onSnapshot() {
    return fixture.onSnapshot();
  }

  @TearDown(Level.Invocation)
  public void restore() {
    fixture.restore();
  }
}

package io.dataflow.gateway.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The heap the planner needs at scale: the live heap (after a forced full GC, read from the {@link
 * MemoryMXBean}) once the synthetic graph is built, once its 1,000,000 partitions are in an
 * in-memory state store, and once a restatement has been planned on it. Run it with {@code -Xmx1g}
 * to show that it fits; it also times a few restatements, as a quick check (JMH gives the figures).
 */
public final class HeapFootprint {

  private HeapFootprint() {}

  public static void main(String[] args) throws InterruptedException {
    long maxHeap = Runtime.getRuntime().maxMemory();
    long start = liveHeap();
    long t0 = System.nanoTime();
    SyntheticDataflow dataflow = SyntheticDataflow.atScale();
    long graphBuilt = liveHeap();
    System.out.printf("graph: %s built in %.1f s; live heap %s (+%s)%n", dataflow.graph(),
        (System.nanoTime() - t0) / 1e9, mib(graphBuilt), mib(graphBuilt - start));
    t0 = System.nanoTime();
    RestatementFixture fixture = new RestatementFixture(dataflow);
    long stateBuilt = liveHeap();
    System.out.printf("state: %,d partitions tracked (all FRESH), loaded in %.1f s; live heap %s (+%s for the state store, its history and the planner)%n",
        fixture.tracked(), (System.nanoTime() - t0) / 1e9, mib(stateBuilt), mib(stateBuilt - graphBuilt));
    System.out.printf("restatement: %,d partitions made stale, %d tasks in the first wave%n",
        fixture.affected(), fixture.firstWaveTasks());
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    // Wall time, and the thread's CPU time: on a shared machine the difference is time spent waiting for a core.
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long[] wall = new long[runs];
    long[] cpu = new long[runs];
    long[] snapshotCpu = new long[runs];
    for (int i = 0; i < runs; i++) {
      long c0 = threads.getCurrentThreadCpuTime();
      long w0 = System.nanoTime();
      fixture.onSnapshot();
      long c1 = threads.getCurrentThreadCpuTime();
      fixture.plan();
      wall[i] = System.nanoTime() - w0;
      long c2 = threads.getCurrentThreadCpuTime();
      cpu[i] = c2 - c0;
      snapshotCpu[i] = c1 - c0;
      fixture.restore();
    }
    System.out.printf("onSnapshot + plan, %d runs (a quick check without JMH, warm-up included):%n", runs);
    System.out.printf("  wall time    %s%n", percentiles(wall));
    System.out.printf("  CPU time     %s%n", percentiles(cpu));
    System.out.printf("  of which onSnapshot, CPU time %s%n", percentiles(snapshotCpu));
    long afterRuns = liveHeap();
    System.out.printf("live heap with graph, state and planner: %s (max heap %s)%n", mib(afterRuns), mib(maxHeap));
    // Keep everything reachable until measured.
    if (fixture.store().get(new io.dataflow.gateway.planner.model.PartitionRef(dataflow.restatedTable(), dataflow.restatedDay())).isEmpty()) {
      throw new AssertionError("the restated partition is not tracked");
    }
  }

  private static String percentiles(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return "median %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms".formatted(
        sorted[n / 2] / 1e6, sorted[n * 9 / 10] / 1e6, sorted[Math.min(n - 1, n * 99 / 100)] / 1e6, sorted[n - 1] / 1e6);
  }

  private static long liveHeap() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static String mib(long bytes) {
    return "%,.0f MiB".formatted(bytes / (1024.0 * 1024.0));
  }
}

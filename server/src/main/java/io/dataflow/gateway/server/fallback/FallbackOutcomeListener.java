package io.dataflow.gateway.server.fallback;

/**
 * Told of the end of every fallback run, after it has been recorded; this is how the dataflow learns
 * that a fallback task changed its output datasets (success) or could not produce them (failure), so
 * downstream work proceeds or is blocked as for a translated task.
 *
 * <p>Called on the scheduler's worker thread, once per run, by the gateway instance that ran it. An
 * exception thrown here is logged and does not change the recorded run.
 */
public interface FallbackOutcomeListener {

  /** A listener that does nothing. */
  FallbackOutcomeListener NONE = new FallbackOutcomeListener() {
    @Override
    public void succeeded(FallbackOutcome outcome) {}

    @Override
    public void failed(FallbackOutcome outcome) {}
  };

  /** The run succeeded: its job's {@link FallbackOutcome#outputs()} have changed for its interval. */
  void succeeded(FallbackOutcome outcome);

  /** The run failed: its job's outputs for the interval could not be produced. */
  void failed(FallbackOutcome outcome);
}

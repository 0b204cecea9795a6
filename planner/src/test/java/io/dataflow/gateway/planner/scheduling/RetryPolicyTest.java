package io.dataflow.gateway.planner.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static final Instant T0 = Instant.parse("2024-01-10T00:00:00Z");
  private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(10), 2.0, Duration.ofSeconds(60), 5);

  @Test
  void delaysGrowExponentiallyUpToTheMaximum() {
    assertThat(policy.delayAfter(1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(policy.delayAfter(2)).isEqualTo(Duration.ofSeconds(20));
    assertThat(policy.delayAfter(3)).isEqualTo(Duration.ofSeconds(40));
    assertThat(policy.delayAfter(4)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void theNextAttemptIsAfterTheDelayUntilTheLimit() {
    assertThat(policy.nextAttempt(1, T0)).contains(T0.plusSeconds(10));
    assertThat(policy.nextAttempt(4, T0)).contains(T0.plusSeconds(60));
    assertThat(policy.nextAttempt(5, T0)).isEmpty();
  }

  @Test
  void defaultsAreTenSecondsDoublingFiveAttempts() {
    assertThat(RetryPolicy.defaults()).isEqualTo(new RetryPolicy(Duration.ofSeconds(10), 2.0, Duration.ofMinutes(10), 5));
  }

  @Test
  void invalidPoliciesAreRejected() {
    assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(10), 0.5, Duration.ofSeconds(60), 5))
        .hasMessage("Invalid retry multiplier 0.5: expected a finite number >= 1");
    assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(10), 2, Duration.ofSeconds(60), 0))
        .hasMessage("Invalid retry limit 0: a task runs at least once");
    assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(100), 2, Duration.ofSeconds(60), 3))
        .hasMessage("Invalid retry delays: initial PT1M40S must be >= 0 and <= max PT1M");
  }
}

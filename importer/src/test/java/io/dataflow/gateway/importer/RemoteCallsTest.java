package io.dataflow.gateway.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RemoteCallsTest {

    private static HttpFailure classify(Exception e) {
        return new HttpFailure(0, "", null, e);
    }

    @Test
    void neverMoreCallsInFlightThanAllowed() throws Exception {
        RemoteCalls calls = new RemoteCalls(RetryPolicy.DEFAULT, 2, RemoteCallsTest::classify);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int n = i;
                results.add(pool.submit(() -> calls.call("GET /x", () -> {
                    peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    Thread.sleep(20);
                    inFlight.decrementAndGet();
                    return n;
                })));
            }
            for (Future<Integer> r : results) {
                r.get();
            }
        }
        assertThat(peak.get()).isEqualTo(2);
    }

    @Test
    void anErrorWithoutAnswerThatIsNoTimeoutIsNotRetried() {
        RemoteCalls calls = new RemoteCalls(new RetryPolicy(5, Duration.ZERO, Duration.ZERO, 1), 1, RemoteCallsTest::classify);
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> calls.call("GET /x", () -> {
            attempts.incrementAndGet();
            throw new IOException("Connection refused");
        })).hasMessage("GET /x failed: IOException: Connection refused");
        assertThat(attempts.get()).isEqualTo(1);
    }

    @Test
    void backoffGrowsExponentiallyUpToItsCap() {
        RetryPolicy policy = new RetryPolicy(6, Duration.ofMillis(100), Duration.ofMillis(700), 2);
        assertThat(List.of(policy.backoff(1), policy.backoff(2), policy.backoff(3), policy.backoff(4)))
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(700));
    }

    @Test
    void problemBodiesOfBothGenerationsAreExplained() {
        assertThat(RemoteCalls.explanation("{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,\"detail\":null}"))
                .isEqualTo(": Forbidden");
        assertThat(RemoteCalls.explanation("{\"detail\":[{\"loc\":[\"query\",\"limit\"],\"msg\":\"bad\"}]}"))
                .isEqualTo(": [{\"loc\":[\"query\",\"limit\"],\"msg\":\"bad\"}]");
        assertThat(RemoteCalls.explanation("<html>Bad gateway</html>")).isEqualTo(": <html>Bad gateway</html>");
    }

    /** An exception standing for a failed HTTP call with the given status (0: no answer). */
    private static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Failure(int status, Throwable cause) {
            super(cause);
            this.status = status;
        }
    }

    private static int attempts(RemoteCalls.Safety safety, int status, Throwable cause) {
        RemoteCalls calls = new RemoteCalls(new RetryPolicy(3, Duration.ZERO, Duration.ZERO, 1), 1,
                e -> e instanceof Failure f ? new HttpFailure(f.status, "", null, f.getCause()) : new HttpFailure(0, "", null, e));
        AtomicInteger attempts = new AtomicInteger();
        try {
            calls.call("POST /x", safety, () -> {
                attempts.incrementAndGet();
                throw new Failure(status, cause);
            });
        } catch (AirflowException expected) {
            // every attempt failed
        }
        return attempts.get();
    }

    @Test
    void aCallThatMustNotRunTwiceIsRetriedOnlyWhenAirflowCannotHaveActedOnIt() {
        var readTimeout = new java.net.http.HttpTimeoutException("request timed out");
        var connectTimeout = new java.net.http.HttpConnectTimeoutException("HTTP connect timed out");
        assertThat(attempts(RemoteCalls.Safety.NOT_IDEMPOTENT, 429, null)).isEqualTo(3);
        assertThat(attempts(RemoteCalls.Safety.NOT_IDEMPOTENT, 0, connectTimeout)).isEqualTo(3);
        assertThat(attempts(RemoteCalls.Safety.NOT_IDEMPOTENT, 0, readTimeout)).isEqualTo(1);
        assertThat(attempts(RemoteCalls.Safety.NOT_IDEMPOTENT, 500, null)).isEqualTo(1);
        assertThat(attempts(RemoteCalls.Safety.IDEMPOTENT, 0, readTimeout)).isEqualTo(3);
        assertThat(attempts(RemoteCalls.Safety.IDEMPOTENT, 500, null)).isEqualTo(3);
        assertThat(attempts(RemoteCalls.Safety.IDEMPOTENT, 409, null)).isEqualTo(1);
    }
}

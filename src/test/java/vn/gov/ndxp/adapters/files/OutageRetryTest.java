package vn.gov.ndxp.adapters.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import vn.gov.ndxp.adapters.exchange.NdxpException;

class OutageRetryTest {

    final OutageRetry retry = new OutageRetry(3, Duration.ofMillis(1));
    final AtomicInteger calls = new AtomicInteger();

    static NdxpException platformDown() {
        return new NdxpException(NdxpException.PLATFORM_UNAVAILABLE, 503, "Platform unavailable", "connection refused");
    }

    /** The waits before each retry, as the retry announced them. */
    List<Long> waits(String target) {
        List<Long> waits = new ArrayList<>();
        retry.retry(target).getEventPublisher().onRetry(e -> waits.add(e.getWaitInterval().toMillis()));
        return waits;
    }

    @Test
    void anOutageIsRetriedWithDoublingWaitsUntilItEnds() {
        List<Long> waits = waits("platform");
        String answer = retry.call("platform", () -> {
            if (calls.incrementAndGet() < 4) {
                throw platformDown();
            }
            return "answer";
        });
        assertThat(answer).isEqualTo("answer");
        assertThat(calls).hasValue(4);
        assertThat(waits).containsExactly(1L, 2L, 4L);
    }

    @Test
    void anOutageLongerThanTheRetriesIsThrownClassified() {
        List<Long> waits = waits("database");
        assertThatThrownBy(() -> retry.run("database", () -> {
            calls.incrementAndGet();
            throw new CannotGetJdbcConnectionException("database down");
        })).isInstanceOfSatisfying(NdxpException.class, e -> assertThat(e.category()).isEqualTo(NdxpException.BACKEND_UNAVAILABLE));
        assertThat(calls).hasValue(4);
        assertThat(waits).containsExactly(1L, 2L, 4L);
    }

    @Test
    void aFailureThatIsNotAnOutageIsNotRetried() {
        List<Long> waits = waits("platform");
        NdxpException refused = new NdxpException(NdxpException.PLATFORM_REJECTED, 422, "Rejected", "batch too large");
        assertThatThrownBy(() -> retry.call("platform", () -> {
            calls.incrementAndGet();
            throw refused;
        })).isSameAs(refused);
        assertThat(calls).hasValue(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void noRetriesMeansOneCall() {
        OutageRetry none = new OutageRetry(0, Duration.ofMillis(1));
        assertThatThrownBy(() -> none.call("platform", () -> {
            calls.incrementAndGet();
            throw platformDown();
        })).isInstanceOf(NdxpException.class);
        assertThat(calls).hasValue(1);
    }
}

package vn.gov.ndxp.adapters.files;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.gov.ndxp.adapters.adapter.Failures;
import vn.gov.ndxp.adapters.exchange.NdxpException;

/**
 * A call of the file intake to the platform or the database, retried through an outage (a transient
 * failure, as {@link Failures#isTransient} says) with exponential backoff: {@code delay}, then twice
 * that, and so on, {@code retries} times. What still fails, or fails otherwise, is thrown classified
 * (an {@link NdxpException}): the file stays for a later poll.
 */
final class OutageRetry {

    private static final Logger LOG = LoggerFactory.getLogger(OutageRetry.class);

    private final RetryConfig config;
    private final int retries;
    /** One per thing called ("platform", "database"): its name is in the log line of each retry. */
    private final Map<String, Retry> byTarget = new ConcurrentHashMap<>();

    OutageRetry(int retries, Duration delay) {
        this.retries = retries;
        this.config = RetryConfig.custom()
                .maxAttempts(retries + 1)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(delay, 2))
                .retryOnException(e -> Failures.isTransient(classify(e)))
                .build();
    }

    /** Calls {@code target} (named in the log) through its retries. */
    <T> T call(String target, Supplier<T> call) {
        try {
            return retry(target).executeSupplier(call);
        } catch (RuntimeException e) {
            throw classify(e);
        }
    }

    void run(String target, Runnable call) {
        call(target, () -> {
            call.run();
            return null;
        });
    }

    /** The retries of one target, for the events a test or a log reads. */
    Retry retry(String target) {
        return byTarget.computeIfAbsent(target, t -> {
            Retry r = Retry.of("ndxp-file-" + t, config);
            r.getEventPublisher().onRetry(ev -> LOG.info("{} unavailable ({}); retry {} of {} in {} ms", t,
                    classify(ev.getLastThrowable()).detail(), ev.getNumberOfRetryAttempts(), retries, ev.getWaitInterval().toMillis()));
            return r;
        });
    }

    private static NdxpException classify(Throwable e) {
        return Failures.classify(e, null, 30);
    }
}

package vn.gov.ndxp.adapters.quota;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.VerboseResult;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimization;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;
import vn.gov.ndxp.adapters.exchange.NdxpException;

/**
 * The quotas of adapter.yaml policies: one Bucket4j token bucket per service and client, its state in
 * the runtime's PostgreSQL (so every instance takes from the same budget), one bandwidth per window.
 * Windows are fixed and aligned on the clock: each second, each minute, each local day; a window's
 * budget is whole again when it ends. Answers carry the IETF RateLimit-Policy and RateLimit headers
 * (draft-ietf-httpapi-ratelimit-headers: {@code "minute";q=5;w=60} and {@code "minute";r=4;t=36}).
 */
public class Quotas {

    private static final Logger LOG = LoggerFactory.getLogger(Quotas.class);
    /** Any past instant on a whole day works as the anchor: every instance and restart agrees on it. */
    private static final LocalDate ANCHOR = LocalDate.of(2000, 1, 1);

    /** The outcome of one call's check: allowed or not, and the headers its answer carries. */
    public record Decision(boolean allowed, String rateLimit, String rateLimitPolicy, int retryAfterSeconds) {
    }

    /** One window of a quota: its name in the headers, its length and its number of calls. */
    private record Window(String name, Duration length, long calls) {
    }

    /** A client's bucket for a service, with the quota it was built for (a reload may change it). */
    private record Entry(AdapterDescriptor.Quota quota, List<Window> windows, BucketProxy bucket, String policyHeader) {
    }

    private final ProxyManager<Long> buckets;
    private final MeterRegistry meters;
    private final ZoneId zone;
    private final Clock clock;
    private final long exactUpTo;
    private final Duration syncInterval;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    /** When a fail-open call last logged the outage (at most one line a minute). */
    private volatile long lastOutageLog;

    /**
     * clock: the time of the headers' window ends; the same as the buckets' (Bucket4j's client clock).
     * exactUpTo, syncInterval: see QuotaProperties.
     */
    public Quotas(ProxyManager<Long> buckets, MeterRegistry meters, ZoneId zone, Clock clock, long exactUpTo, Duration syncInterval) {
        this.buckets = buckets;
        this.exactUpTo = exactUpTo;
        this.syncInterval = syncInterval;
        this.meters = meters;
        this.zone = zone;
        this.clock = clock;
    }

    /**
     * Takes one call from the client's budget for the service.
     * @return null when the client's policy sets no quota
     * @throws NdxpException 503 adapter.unavailable when the state cannot be read and the service fails closed
     */
    public Decision check(AdapterDescriptor adapter, AdapterDescriptor.Service service, String client) {
        AdapterDescriptor.Policy policy = service.policyFor(client);
        if (policy == null || policy.quota() == null) {
            return null;
        }
        String serviceId = adapter.serviceId(service);
        Entry e = entry(serviceId, client, policy.quota());
        VerboseResult<ConsumptionProbe> result;
        try {
            result = e.bucket().asVerbose().tryConsumeAndReturnRemaining(1);
        } catch (RuntimeException ex) {
            return unavailable(adapter, serviceId, service.quotaFailOpen(), e, ex);
        }
        ConsumptionProbe probe = result.getValue();
        String rateLimit = rateLimit(e.windows(), result.getDiagnostics().getAvailableTokensPerEachBandwidth());
        if (probe.isConsumed()) {
            return new Decision(true, rateLimit, e.policyHeader(), 0);
        }
        counter("ndxp.quota.exceeded", "Calls refused because the client's quota for the service was used up",
                "adapter", adapter.id(), "service", serviceId, "client", client).increment();
        int retryAfter = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L));
        return new Decision(false, rateLimit, e.policyHeader(), retryAfter);
    }

    private Decision unavailable(AdapterDescriptor adapter, String serviceId, boolean failOpen, Entry e, RuntimeException ex) {
        counter("ndxp.quota.unavailable", "Calls under a quota checked while the quota state could not be read, by outcome",
                "adapter", adapter.id(), "service", serviceId, "outcome", failOpen ? "open" : "closed").increment();
        long now = System.nanoTime();
        if (!failOpen || now - lastOutageLog > Duration.ofMinutes(1).toNanos()) {
            lastOutageLog = now;
            LOG.warn("Quota state unavailable for {} ({}): calls under a quota {}", serviceId, ex.toString(),
                    failOpen ? "go through (quotaUnavailable: open)" : "are refused (quotaUnavailable: closed)");
        }
        if (failOpen) {
            return new Decision(true, null, e.policyHeader(), 0);
        }
        throw new NdxpException(NdxpException.ADAPTER_UNAVAILABLE, 503, "Quota state unavailable", "The quota state of "
                + serviceId + " cannot be read, and the service refuses calls under a quota until it can", null, 5, ex);
    }

    /**
     * Each quota of every adapter: its limits and, per client, the calls left in each window now (the
     * operators' view; the state is read, nothing is taken).
     */
    public List<Map<String, Object>> usage(Collection<AdapterDescriptor> adapters) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (AdapterDescriptor adapter : adapters) {
            for (AdapterDescriptor.Service service : adapter.services()) {
                for (AdapterDescriptor.Policy policy : service.policies()) {
                    if (policy.quota() == null) {
                        continue;
                    }
                    for (String client : policy.clients()) {
                        Entry e = entry(adapter.serviceId(service), client, policy.quota());
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("adapter", adapter.id());
                        row.put("service", adapter.serviceId(service));
                        row.put("client", client);
                        row.put("quotaUnavailable", service.quotaFailOpen() ? "open" : "closed");
                        Map<String, Object> windows = new LinkedHashMap<>();
                        long[] left = null;
                        try {
                            left = e.bucket().asVerbose().getAvailableTokens().getDiagnostics().getAvailableTokensPerEachBandwidth();
                        } catch (RuntimeException ex) {
                            row.put("state", "unavailable: " + ex.getClass().getSimpleName());
                        }
                        for (int i = 0; i < e.windows().size(); i++) {
                            Window w = e.windows().get(i);
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("limit", w.calls());
                            m.put("remaining", left == null ? null : Math.max(0, left[i]));
                            m.put("resetSeconds", secondsToEnd(w));
                            windows.put(w.name(), m);
                        }
                        row.put("windows", windows);
                        out.add(row);
                    }
                }
            }
        }
        return out;
    }

    private Entry entry(String serviceId, String client, AdapterDescriptor.Quota quota) {
        String key = serviceId + "\n" + client;
        Entry e = entries.get(key);
        if (e != null && e.quota().equals(quota)) {
            return e;
        }
        return entries.compute(key, (k, old) -> old != null && old.quota().equals(quota) ? old : newEntry(k, quota));
    }

    private Entry newEntry(String key, AdapterDescriptor.Quota quota) {
        List<Window> windows = new ArrayList<>();
        if (quota.perSecond() != null) {
            windows.add(new Window("second", Duration.ofSeconds(1), quota.perSecond()));
        }
        if (quota.perMinute() != null) {
            windows.add(new Window("minute", Duration.ofMinutes(1), quota.perMinute()));
        }
        if (quota.perDay() != null) {
            windows.add(new Window("day", Duration.ofDays(1), quota.perDay()));
        }
        Instant anchor = ANCHOR.atStartOfDay(zone).toInstant();
        var config = BucketConfiguration.builder();
        for (Window w : windows) {
            config.addLimit(Bandwidth.builder().capacity(w.calls()).refillIntervallyAligned(w.calls(), w.length(), anchor).id(w.name()).build());
        }
        // the newest configuration wins across instances: a reload with new limits replaces the stored
        // one, keeping the calls already made in the window (additive); an older instance does not undo it
        long smallest = windows.stream().mapToLong(Window::calls).min().orElseThrow();
        // exact: concurrent calls of this instance share one round trip; large: taken locally, synchronised
        // every hundredth of the smallest window or every sync-interval
        Optimization sync = smallest <= exactUpTo ? Optimizations.batching()
                : Optimizations.delaying(new DelayParameters(Math.max(1, smallest / 100), syncInterval));
        BucketProxy bucket = buckets.builder().withImplicitConfigurationReplacement(clock.millis(), TokensInheritanceStrategy.ADDITIVE)
                .withOptimization(sync).build(bucketId(key), () -> config.build());
        StringBuilder policy = new StringBuilder();
        for (Window w : windows) {
            policy.append(policy.isEmpty() ? "" : ", ").append('"').append(w.name()).append("\";q=").append(w.calls())
                    .append(";w=").append(w.length().toSeconds());
        }
        return new Entry(quota, List.copyOf(windows), bucket, policy.toString());
    }

    private String rateLimit(List<Window> windows, long[] left) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < windows.size(); i++) {
            Window w = windows.get(i);
            b.append(b.isEmpty() ? "" : ", ").append('"').append(w.name()).append("\";r=").append(Math.max(0, left[i]))
                    .append(";t=").append(secondsToEnd(w));
        }
        return b.toString();
    }

    /** Whole seconds until the current window ends (at least 1): windows are aligned on the clock. */
    private long secondsToEnd(Window w) {
        Instant now = clock.instant();
        Instant end = switch (w.name()) {
            case "day" -> ZonedDateTime.ofInstant(now, zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
            default -> Instant.ofEpochSecond((now.getEpochSecond() / w.length().toSeconds() + 1) * w.length().toSeconds());
        };
        return Math.max(1, (Duration.between(now, end).toMillis() + 999) / 1000);
    }

    /** The bucket's row id: 64 bits of SHA-256 of service id and client, the same in every instance. */
    static long bucketId(String key) {
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8))).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Counter counter(String name, String description, String... tags) {
        return counters.computeIfAbsent(name + String.join("|", tags),
                k -> Counter.builder(name).description(description).tags(tags).register(meters));
    }
}

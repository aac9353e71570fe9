package vn.gov.ndxp.adapters.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import vn.gov.ndxp.adapters.testing.RuntimeDatabases;
import vn.gov.ndxp.adapters.testing.RuntimeDatabases.Outage;
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;
import vn.gov.ndxp.adapters.exchange.NdxpException;

/**
 * Quotas against a real PostgreSQL (embedded), one fresh database per test: two "instances" (each its
 * own Quotas, proxy manager and data source, as two runtimes have) take from one budget; the windows
 * follow a clock the test moves (Bucket4j's client clock and the headers' clock are the same); the
 * database "outage" is a switch on this test's own data source.
 */
class QuotasTest {

    private static final String LIMITED = "VN:GOV:000.00.00.H41:limited-demo";
    private static final String FREE = "VN:GOV:000.00.00.H41:one-stop-office";
    private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    private static RuntimeDatabases databases;

    /** 2026-12-03 10:00:20 in Hanoi: 40 s left in the minute, 14 h in the day. */
    private final AtomicLong nanos = new AtomicLong(Instant.parse("2026-12-03T03:00:20Z").toEpochMilli() * 1_000_000L);
    private DataSource ds;
    private JdbcTemplate jdbc;

    @BeforeAll
    static void startPostgres() throws IOException {
        databases = RuntimeDatabases.start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        databases.close();
    }

    @BeforeEach
    void freshDatabase() throws SQLException {
        ds = databases.fresh("quota");
        jdbc = new JdbcTemplate(ds);
    }

    @Test
    void twoInstancesTakeFromOneBudgetAndTheCallOverItIsRefusedWithTheTimeToWait() {
        AdapterDescriptor adapter = adapter(new AdapterDescriptor.Quota(null, 5L, 1000L), true);
        Quotas first = quotas(ds);
        Quotas second = quotas(new Outage(ds));
        AdapterDescriptor.Service s = adapter.services().get(0);

        Quotas.Decision d = first.check(adapter, s, LIMITED);
        assertThat(d.allowed()).isTrue();
        assertThat(d.rateLimitPolicy()).isEqualTo("\"minute\";q=5;w=60, \"day\";q=1000;w=86400");
        assertThat(d.rateLimit()).isEqualTo("\"minute\";r=4;t=40, \"day\";r=999;t=50380");
        assertThat(second.check(adapter, s, LIMITED).rateLimit()).startsWith("\"minute\";r=3;");
        assertThat(first.check(adapter, s, LIMITED).rateLimit()).startsWith("\"minute\";r=2;");
        assertThat(second.check(adapter, s, LIMITED).rateLimit()).startsWith("\"minute\";r=1;");
        assertThat(first.check(adapter, s, LIMITED).rateLimit()).startsWith("\"minute\";r=0;");

        Quotas.Decision over = second.check(adapter, s, LIMITED);
        assertThat(over.allowed()).isFalse();
        assertThat(over.retryAfterSeconds()).isEqualTo(40);
        assertThat(over.rateLimit()).isEqualTo("\"minute\";r=0;t=40, \"day\";r=995;t=50380");
        assertThat(first.check(adapter, s, LIMITED).allowed()).isFalse();
        // a refused call takes nothing: the day's budget is still 995
        assertThat(first.check(adapter, s, LIMITED).rateLimit()).endsWith("\"day\";r=995;t=50380");

        // the next minute: the minute's budget is whole again, the day's goes on
        nanos.addAndGet(Duration.ofSeconds(40).toNanos());
        Quotas.Decision next = second.check(adapter, s, LIMITED);
        assertThat(next.allowed()).isTrue();
        assertThat(next.rateLimit()).isEqualTo("\"minute\";r=4;t=60, \"day\";r=994;t=50340");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ndxp_quota_bucket", Long.class)).isEqualTo(1);
    }

    @Test
    void aClientWithoutAQuotaIsNotCountedAndEachClientHasItsOwnBudget() {
        AdapterDescriptor adapter = adapter(new AdapterDescriptor.Quota(1L, null, null), true);
        AdapterDescriptor.Service s = adapter.services().get(0);
        Quotas quotas = quotas(ds);
        for (int i = 0; i < 3; i++) {
            assertThat(quotas.check(adapter, s, FREE)).isNull();
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ndxp_quota_bucket", Long.class)).isZero();
        assertThat(quotas.check(adapter, s, LIMITED).allowed()).isTrue();
        assertThat(quotas.check(adapter, s, LIMITED).allowed()).isFalse();
        assertThat(quotas.check(adapter, s, "VN:GOV:000.00.00.H41:second-limited").allowed()).isTrue();
    }

    @Test
    void theQuotaStateUnavailableFailsOpenOrClosedAsTheServiceDeclares() {
        Outage down = new Outage(ds);
        Quotas quotas = quotas(down);
        AdapterDescriptor open = adapter(new AdapterDescriptor.Quota(null, 1L, null), true);
        AdapterDescriptor closed = adapter(new AdapterDescriptor.Quota(null, 1L, null), false);
        assertThat(quotas.check(open, open.services().get(0), LIMITED).allowed()).isTrue();
        down.down = true;

        Quotas.Decision through = quotas.check(open, open.services().get(0), LIMITED);
        assertThat(through.allowed()).isTrue();
        assertThat(through.rateLimit()).as("nothing is known of what is left").isNull();
        assertThatThrownBy(() -> quotas.check(closed, closed.services().get(0), LIMITED))
                .isInstanceOfSatisfying(NdxpException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.category()).isEqualTo(NdxpException.ADAPTER_UNAVAILABLE);
                    assertThat(e.retryAfterSeconds()).isEqualTo(5);
                });
        assertThat(quotas.usage(List.of(open)).get(0)).containsEntry("state", "unavailable: BucketExecutionException");

        down.down = false;
        // back: the open service's budget was not touched meanwhile
        assertThat(quotas.check(open, open.services().get(0), LIMITED).allowed()).isFalse();
    }

    @Test
    void aRaisedQuotaKeepsTheCallsMadeALoweredOneCapsWhatIsLeftAndUsageShowsIt() {
        AdapterDescriptor before = adapter(new AdapterDescriptor.Quota(null, null, 5L), true);
        Quotas quotas = quotas(ds);
        quotas.check(before, before.services().get(0), LIMITED);
        quotas.check(before, before.services().get(0), LIMITED);

        // a reload with a higher limit (a newer configuration version: the clock moved on)
        nanos.addAndGet(1_000_000L);
        AdapterDescriptor raised = adapter(new AdapterDescriptor.Quota(null, null, 10L), true);
        Quotas.Decision d = quotas.check(raised, raised.services().get(0), LIMITED);
        assertThat(d.rateLimitPolicy()).isEqualTo("\"day\";q=10;w=86400");
        assertThat(d.rateLimit()).as("3 calls made of 10").startsWith("\"day\";r=7;");

        nanos.addAndGet(1_000_000L);
        AdapterDescriptor lowered = adapter(new AdapterDescriptor.Quota(null, null, 4L), true);
        assertThat(quotas.check(lowered, lowered.services().get(0), LIMITED).rateLimit()).as("at most the new limit is left")
                .startsWith("\"day\";r=3;");

        Map<String, Object> row = quotas.usage(List.of(lowered)).get(0);
        assertThat(row).containsEntry("client", LIMITED).containsEntry("quotaUnavailable", "open").doesNotContainKey("state");
        assertThat(row.get("windows")).isEqualTo(Map.of("day", Map.of("limit", 4L, "remaining", 3L, "resetSeconds", 50380L)));
    }

    @Test
    void aLargeQuotaIsTakenLocallyAndTheSharedStateLagsByAtMostAHundredthPerInstance() {
        AdapterDescriptor adapter = adapter(new AdapterDescriptor.Quota(null, 100_000L, null), true);
        AdapterDescriptor.Service s = adapter.services().get(0);
        Quotas first = quotas(ds);
        Quotas second = quotas(ds);
        for (int i = 0; i < 2500; i++) {
            assertThat((i % 2 == 0 ? first : second).check(adapter, s, LIMITED).allowed()).isTrue();
        }
        // past the sync interval each instance's next call synchronises what it took
        nanos.addAndGet(Duration.ofMillis(200).toNanos());
        first.check(adapter, s, LIMITED);
        second.check(adapter, s, LIMITED);
        // a third instance reads the shared state: it never counts more calls than were made, and lags
        // each instance by at most a hundredth of the quota (what either may take beyond it)
        Object left = ((Map<?, ?>) ((Map<?, ?>) quotas(ds).usage(List.of(adapter)).get(0).get("windows")).get("minute")).get("remaining");
        assertThat((Long) left).isBetween(100_000L - 2502, 100_000L - 2502 + 2 * 1000);
    }

    private Quotas quotas(DataSource dataSource) {
        TimeMeter time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return nanos.get();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
        ProxyManager<Long> buckets = Bucket4jPostgreSQL.advisoryLockBasedBuilder(dataSource).table("ndxp_quota_bucket").clientClock(time).build();
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZONE;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochSecond(0, nanos.get());
            }
        };
        return new Quotas(buckets, new SimpleMeterRegistry(), ZONE, clock, 1000, Duration.ofMillis(100));
    }

    private static AdapterDescriptor adapter(AdapterDescriptor.Quota quota, boolean failOpen) {
        AdapterDescriptor.Service s = new AdapterDescriptor.Service("birth-records", "Birth records", "civil-status-birth-record", "GET",
                "/ndxp/v1/civil-status/birth-records/{id}", null, null, null,
                List.of(LIMITED, FREE, "VN:GOV:000.00.00.H41:second-limited"),
                List.of(new AdapterDescriptor.Policy(List.of(LIMITED, "VN:GOV:000.00.00.H41:second-limited"), false, quota, null)), failOpen);
        return new AdapterDescriptor("civil-status", "Civil status", "rest-to-soap", "000.00.00.G22",
                "VN:GOV:000.00.00.G22:civil-status", "Birth records", true, null, Map.of(), null, null, List.of(s), Map.of(), null, Map.of());
    }
}

package vn.gov.ndxp.adapters.adapter;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeoutException;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.kafka.common.errors.RetriableException;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import vn.gov.ndxp.adapters.exchange.NdxpException;
import vn.gov.ndxp.adapters.mapping.MappingException;

/** Turns whatever went wrong in a route into a typed NdxpException (DESIGN, "Errors"). */
public final class Failures {

    private Failures() {
    }

    public static NdxpException classify(Throwable t, AdapterDescriptor adapter, int retryAfter) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof NdxpException n) {
                return n;
            }
        }
        if (find(t, MappingException.class) instanceof MappingException m) {
            return new NdxpException(NdxpException.ADAPTER_MAPPING, 502, "Mapping failed",
                    "The backend's answer does not fit its contract: " + describe(m), m.field(), null, m);
        }
        if (find(t, CallNotPermittedException.class) != null) {
            return new NdxpException(NdxpException.BACKEND_UNAVAILABLE, 503, "Backend unavailable",
                    "The backend is failing; calls are suspended by the circuit breaker", null, waitInOpen(adapter, retryAfter), t);
        }
        if (find(t, BackendAnswers.ReceivedFault.class) instanceof BackendAnswers.ReceivedFault f) {
            FaultRule rule = rule(f, adapter);
            String category = rule == null ? NdxpException.BACKEND_FAULT : rule.category();
            return new NdxpException(category, rule == null ? 502 : rule.status(),
                    category.equals(NdxpException.BACKEND_FAULT) ? "Backend fault" : NdxpException.titleOf(category),
                    f.getMessage(), null, null, f);
        }
        if (find(t, RetriableException.class) != null) {
            return new NdxpException(NdxpException.ADAPTER_UNAVAILABLE, 503, "Kafka unavailable",
                    "The runtime's Kafka brokers cannot take the record now", null, retryAfter, t);
        }
        if (find(t, SQLException.class) instanceof SQLException sql
                || find(t, DataAccessException.class) != null) {
            return database(t);
        }
        if (find(t, HttpTimeoutException.class) != null || find(t, SocketTimeoutException.class) != null
                || find(t, TimeoutException.class) != null) {
            return new NdxpException(NdxpException.BACKEND_TIMEOUT, 504, "Backend timeout",
                    "The backend did not answer in time", null, null, t);
        }
        if (find(t, BackendAnswers.Unreadable.class) != null) {
            return new NdxpException(NdxpException.BACKEND_INVALID_RESPONSE, 502, "Invalid backend response",
                    "The backend's answer is not a readable SOAP message", null, null, t);
        }
        if (find(t, SoapFault.class) != null) {
            // raised by CXF, or from an endpoint the runtime did not make: not known to be the legacy system's answer
            return new NdxpException(NdxpException.BACKEND_FAULT, 502, "Backend fault",
                    "The SOAP call failed", null, null, t);
        }
        if (find(t, IOException.class) != null) {
            return new NdxpException(NdxpException.BACKEND_UNAVAILABLE, 503, "Backend unavailable",
                    "The backend cannot be reached", null, retryAfter, t);
        }
        return new NdxpException(NdxpException.ADAPTER_INTERNAL, 500, "Internal error",
                "The adapter failed; the transaction id identifies the details in its log", null, null, t);
    }

    /** Legacy database trouble, typed without leaking SQL or schema to the caller. */
    private static NdxpException database(Throwable t) {
        SQLException sql = (SQLException) find(t, SQLException.class);
        String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
        if (find(t, CannotGetJdbcConnectionException.class) != null
                || find(t, SQLTransientConnectionException.class) != null || state.startsWith("08") || state.startsWith("57P")) {
            return new NdxpException(NdxpException.BACKEND_UNAVAILABLE, 503, "Backend unavailable",
                    "The legacy database cannot be reached", null, 30, t);
        }
        if (state.startsWith("23")) {
            return NdxpException.badRequest(null, "The legacy database refused the record: it refers to a record that does not exist"
                    + " or duplicates one");
        }
        if (state.startsWith("22")) {
            return NdxpException.badRequest(null, "The legacy database refused a value (wrong type or too long)");
        }
        return new NdxpException(NdxpException.BACKEND_FAULT, 502, "Backend fault", "The legacy database refused the query", null, null, t);
    }

    /** Failures worth retrying later rather than dead-lettering: the other side is down or slow. */
    public static boolean isTransient(NdxpException e) {
        return switch (e.category()) {
            case NdxpException.BACKEND_UNAVAILABLE, NdxpException.BACKEND_TIMEOUT, NdxpException.PLATFORM_UNAVAILABLE,
                 NdxpException.PLATFORM_TIMEOUT, NdxpException.ADAPTER_UNAVAILABLE -> true;
            default -> false;
        };
    }

    public static String describe(MappingException m) {
        return m.field() == null ? m.getMessage() : m.field() + ": " + m.getMessage();
    }

    private static Throwable find(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return c;
            }
        }
        return null;
    }

    private static int waitInOpen(AdapterDescriptor adapter, int fallback) {
        if (adapter == null) {
            return fallback;
        }
        return adapter.backends().values().stream()
                .mapToInt(b -> (int) Math.max(1, b.waitInOpen().toSeconds())).max().orElse(fallback);
    }

    /** The first faultStatus rule of the adapter's backends that takes this fault, or null (502 backend.fault). */
    private static FaultRule rule(SoapFault f, AdapterDescriptor adapter) {
        if (adapter != null) {
            for (AdapterDescriptor.Backend b : adapter.backends().values()) {
                for (FaultRule r : b.faultStatus()) {
                    if (r.matches(f)) {
                        return r;
                    }
                }
            }
        }
        return null;
    }
}

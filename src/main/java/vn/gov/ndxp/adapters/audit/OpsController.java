package vn.gov.ndxp.adapters.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.security.Principal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.gov.ndxp.adapters.adapter.AdapterControl;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;
import vn.gov.ndxp.adapters.adapter.AdapterReloads;
import vn.gov.ndxp.adapters.exchange.NdxpException;
import vn.gov.ndxp.adapters.quota.Quotas;

/**
 * Statistics (public figures) and the operators' tools: transaction lookup, chain verification,
 * dead letters, set-aside transaction records, adapter reloads. /ops/** is behind the console login; changes need the
 * operator role. Every parameter is checked (type, range, length) before any work; a bad one is
 * answered 400 client.bad-request naming it ({@link OpsErrors}).
 */
@RestController
public class OpsController {

    /** Printable ASCII without spaces: transaction and adapter ids. */
    static final String ID = "[\\x21-\\x7e]+";

    private final TransactionStats stats;
    private final ChainVerifier verifier;
    private final DeadLetterStore deadLetters;
    private final AdapterControl control;
    private final AdapterRegistry registry;
    private final RejectedTransactions rejected;
    private final AdapterReloads reloads;
    private final Quotas quotas;

    public OpsController(TransactionStats stats, ChainVerifier verifier, DeadLetterStore deadLetters, AdapterControl control,
                         AdapterRegistry registry, RejectedTransactions rejected, AdapterReloads reloads, Quotas quotas) {
        this.reloads = reloads;
        this.quotas = quotas;
        this.stats = stats;
        this.verifier = verifier;
        this.deadLetters = deadLetters;
        this.control = control;
        this.registry = registry;
        this.rejected = rejected;
    }

    /** Maintenance mode of an adapter: POST /ops/adapters/{id}/maintenance?on=true|false (operator). */
    @PostMapping(value = "/ops/adapters/{id}/maintenance", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> maintenance(@PathVariable @Size(max = 64) @Pattern(regexp = ID) String id,
                                                           @RequestParam boolean on) {
        return control.setMaintenance(id, on) ? ResponseEntity.ok(Map.of("adapter", id, "maintenance", on))
                : ResponseEntity.notFound().build();
    }

    /**
     * Takes the adapter folder in again as it is now (edited, added or removed), without a restart:
     * POST /ops/adapters/{id}/reload (operator). 422 adapter.invalid names the file and field of a
     * fault, and the version in service stays.
     */
    @PostMapping(value = "/ops/adapters/{id}/reload", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> reload(@PathVariable @Size(max = 64) @Pattern(regexp = ID) String id, Principal user) {
        return reloads.reload(id, user.getName());
    }

    @GetMapping(value = "/ops/adapters/maintenance", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Boolean> maintenance() {
        return control.listMaintenance();
    }

    /** Each client's quota: per window, its limit, the calls left now and the seconds to its end. */
    @GetMapping(value = "/ops/quotas", produces = MediaType.APPLICATION_JSON_VALUE)
    public List<Map<String, Object>> quotas() {
        return quotas.usage(registry.all());
    }

    /** from/to: dates (yyyy-MM-dd, whole days) or instants; the default is the last 30 days. */
    @GetMapping(value = "/ndxp/v1/stats", produces = MediaType.APPLICATION_JSON_VALUE)
    public ObjectNode stats(@RequestParam(required = false) @Size(max = 40) String from,
                            @RequestParam(required = false) @Size(max = 40) String to) {
        Instant end = stats.parse("to", to, true, Instant.now());
        Instant start = stats.parse("from", from, false, end.minus(30, ChronoUnit.DAYS));
        if (!start.isBefore(end)) {
            throw NdxpException.badRequest("from", "must be before to");
        }
        return stats.stats(start, end);
    }

    @GetMapping(value = "/ops/transactions/verify", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> verify() {
        return verifier.verify();
    }

    @GetMapping(value = "/ops/transactions/{transactionId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public List<Map<String, Object>> transaction(@PathVariable @Size(max = 64) @Pattern(regexp = ID) String transactionId) {
        return stats.byTransaction(transactionId);
    }

    @GetMapping(value = "/ops/dead-letters", produces = MediaType.APPLICATION_JSON_VALUE)
    public List<Map<String, Object>> deadLetters(@RequestParam(required = false) @Size(max = 64) String adapter,
                                                 @RequestParam(required = false) @Pattern(regexp = "NEW|REPLAYING|REPLAYED|DISCARDED") String status,
                                                 @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        if (adapter != null && registry.get(adapter) == null) {
            throw NdxpException.badRequest("adapter", "unknown adapter");
        }
        return deadLetters.list(adapter, status, limit);
    }

    /**
     * Transaction records the database refused, set aside with their reasons, newest first; the next
     * page is ?before=&lt;the last id&gt;.
     */
    @GetMapping(value = "/ops/transactions/rejected", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> rejected(@RequestParam(required = false) @Min(1) Long before,
                                        @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        List<Map<String, Object>> items = rejected.list(before, limit);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", items);
        page.put("next", items.size() < limit ? null : items.get(items.size() - 1).get("id"));
        return page;
    }

    @GetMapping(value = "/ops/dead-letters/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> deadLetter(@PathVariable long id) {
        Map<String, Object> d = deadLetters.get(id);
        return d == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(d);
    }

    @PostMapping(value = "/ops/dead-letters/{id}/replay", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> replay(@PathVariable long id) throws Exception {
        String outcome = deadLetters.replay(id);
        if (outcome == null) {
            return ResponseEntity.status(409).body(Map.of("id", id, "error", "not replayable: unknown, replayed, being replayed or discarded"));
        }
        if (DeadLetterStore.NOT_REPLAYABLE.equals(outcome)) {
            return ResponseEntity.status(409).body(Map.of("id", id, "error", "not replayable: its route starts at a polling source"
                    + " (a database query, a folder); fix the record at its source, where it is captured again, then discard this"));
        }
        return ResponseEntity.ok(Map.of("id", id, "status", outcome));
    }

    @PostMapping(value = "/ops/dead-letters/{id}/discard", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> discard(@PathVariable long id) {
        return deadLetters.discard(id) ? ResponseEntity.ok(Map.of("id", id, "status", DeadLetterStore.DISCARDED))
                : ResponseEntity.status(409).body(Map.of("id", id, "error", "not discardable: unknown or not NEW"));
    }
}

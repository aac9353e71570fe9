package vn.gov.ndxp.adapters.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import vn.gov.ndxp.adapters.mapping.RecordLayout;

/**
 * The outbox of one legacy table, derived from the {@code table} and {@code key} a record layout
 * declares: the change table {@code <table>_change} filled by the trigger {@code <table>_changed}, the
 * claim query of the capture route and the statement that marks a claimed batch processed. Names are
 * checked against a strict pattern and quoted; nothing a caller gives is pasted into SQL otherwise.
 */
public record Outbox(String table, String key, String keyType) {

    /** Lower-case, so a quoted name is the same name as unquoted; short enough for the suffixes. */
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,47}");
    /** The change table's own columns: a key column of that name would clash. */
    private static final Set<String> OWN_COLUMNS = Set.of("id", "operation", "changed_at", "claimed_by", "claimed_at", "processed_at");
    /** SQL type of the change table's key column per layout field type. */
    private static final Map<String, String> KEY_TYPES = Map.of("string", "TEXT", "integer", "BIGINT", "decimal", "NUMERIC",
            "date", "DATE", "datetime", "TIMESTAMPTZ");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public Outbox {
        identifier("table", table);
        identifier("key", key);
        if (OWN_COLUMNS.contains(key)) {
            throw new IllegalArgumentException("key: '" + key + "' is a column of the change table itself " + OWN_COLUMNS);
        }
        if (!KEY_TYPES.containsValue(keyType)) {
            throw new IllegalArgumentException("key type: one of " + KEY_TYPES.values() + " (got '" + keyType + "')");
        }
    }

    private static void identifier(String what, String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(what + ": must be a lower-case SQL name ([a-z][a-z0-9_]*, at most 48 characters),"
                    + " got '" + name + "'");
        }
    }

    /**
     * The outbox of a record layout file ({@code table:} and {@code key:} beside its {@code fields:}; the key
     * is one of its columns), or null when it declares no table. Errors name the file and the field.
     */
    public static Outbox of(Path layoutFile) {
        JsonNode root;
        try {
            root = YAML.readTree(layoutFile.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(layoutFile + ": not valid YAML: " + e.getMessage());
        }
        if (root == null || !root.has("table")) {
            return null;
        }
        String table = root.path("table").asText(null);
        String key = root.path("key").asText(null);
        try {
            if (key == null) {
                throw new IllegalArgumentException("key: required with table (the column that names the changed row)");
            }
            RecordLayout.Field field = RecordLayout.load(layoutFile).fields().stream().filter(f -> f.column().equals(key))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("key: '" + key + "' is not a column of the layout's fields"));
            String type = KEY_TYPES.get(field.type());
            if (type == null) {
                throw new IllegalArgumentException("key: a " + field.type() + " column cannot be a key (" + KEY_TYPES.keySet() + ")");
            }
            return new Outbox(table, key, type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(layoutFile + ": " + e.getMessage(), e);
        }
    }

    public String changeTable() {
        return table + "_change";
    }

    private static String q(String name) {
        return '"' + name + '"';
    }

    /** Change table, its pending index, trigger function and trigger; safe to run again (an upgrade, a restart). */
    public String ddl() {
        String change = q(changeTable());
        String trigger = q(table + "_changed");
        return """
                -- Outbox of %1$s (key %2$s): filled by a trigger, claimed by the capture route.
                CREATE TABLE IF NOT EXISTS %3$s (
                    id           BIGSERIAL    PRIMARY KEY,
                    %4$s %5$s NOT NULL,
                    operation    CHAR(1)      NOT NULL,
                    changed_at   TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp(),
                    claimed_by   VARCHAR(100),
                    claimed_at   TIMESTAMPTZ,
                    processed_at TIMESTAMPTZ
                );
                CREATE INDEX IF NOT EXISTS %6$s ON %3$s (id) WHERE processed_at IS NULL;

                CREATE OR REPLACE FUNCTION %7$s() RETURNS trigger AS $$
                BEGIN
                    INSERT INTO %3$s (%4$s, operation) VALUES (COALESCE(NEW.%4$s, OLD.%4$s), substr(TG_OP, 1, 1));
                    RETURN NULL;
                END;
                $$ LANGUAGE plpgsql;

                DROP TRIGGER IF EXISTS %7$s ON %1$s;
                CREATE TRIGGER %7$s AFTER INSERT OR UPDATE OR DELETE ON %1$s
                    FOR EACH ROW EXECUTE FUNCTION %7$s();
                """.formatted(q(table), q(key), change, q(key), keyType, q(changeTable() + "_pending"), trigger);
    }

    /**
     * Claims up to {@code limit} pending changes (FOR UPDATE SKIP LOCKED: consumers and instances never
     * wait for or take each other's changes) with each change's current row. A change is left for a later
     * poll while an earlier change of the same key is pending outside this batch, so one row's changes
     * reach Kafka in order however many consumers run; "others" is read from the pending index up to the
     * batch's last id, so it stays small. Columns: change_id, change_key, operation, claim (on the first
     * row: the batch's ids, for {@link #processed()}) and the row's own columns.
     */
    public String claim(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit: at least 1 (got " + limit + ")");
        }
        return """
                WITH locked AS (
                    SELECT id, %2$s, operation FROM %1$s
                     WHERE processed_at IS NULL
                     ORDER BY id
                     LIMIT %4$d
                       FOR UPDATE SKIP LOCKED
                ), others AS MATERIALIZED (
                    SELECT id, %2$s FROM %1$s
                     WHERE processed_at IS NULL AND id < (SELECT max(id) FROM locked)
                       AND id NOT IN (SELECT id FROM locked)
                ), batch AS (
                    SELECT l.* FROM locked l
                     WHERE NOT EXISTS (SELECT 1 FROM others o WHERE o.%2$s = l.%2$s AND o.id < l.id)
                )
                SELECT b.id AS change_id, b.%2$s AS change_key, b.operation,
                       CASE WHEN b.id = (SELECT min(id) FROM batch) THEN (SELECT CAST(array_agg(id) AS TEXT) FROM batch) END AS claim,
                       t.*
                  FROM batch b LEFT JOIN %3$s t ON t.%2$s = b.%2$s
                 ORDER BY b.id
                """.formatted(q(changeTable()), q(key), q(table), limit);
    }

    /**
     * The sql consumer's onConsume, in the claim's transaction: marks the batch processed once its
     * records are on Kafka; claimed_by/claimed_at say which poll sent it and when that began.
     */
    public String processed() {
        return "UPDATE " + q(changeTable()) + " SET processed_at = clock_timestamp(), claimed_at = now(),"
                + " claimed_by = 'ndxp:' || pg_backend_pid() || ':' || txid_current()"
                + " WHERE id = ANY(CAST(:#${body[0][claim]} AS BIGINT[]))";
    }
}

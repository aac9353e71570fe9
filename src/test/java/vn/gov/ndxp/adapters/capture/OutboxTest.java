package vn.gov.ndxp.adapters.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {

    private static final Path ADAPTER = Path.of("adapters", "business-registry");

    @Test
    void theOutboxIsDerivedFromTheLayoutsTableAndKey() {
        Outbox o = AdapterDatasources.outboxes(ADAPTER).get("enterprise");
        assertThat(o).isEqualTo(new Outbox("enterprise", "tax_code", "TEXT"));
        assertThat(AdapterDatasources.outboxes(ADAPTER)).as("layouts without a table have no outbox").containsOnlyKeys("enterprise");
        assertThat(o.changeTable()).isEqualTo("enterprise_change");
        assertThat(o.ddl()).contains("CREATE TABLE IF NOT EXISTS \"enterprise_change\" (", "\"tax_code\" TEXT NOT NULL",
                "CREATE INDEX IF NOT EXISTS \"enterprise_change_pending\" ON \"enterprise_change\" (id) WHERE processed_at IS NULL",
                "CREATE OR REPLACE FUNCTION \"enterprise_changed\"()",
                "COALESCE(NEW.\"tax_code\", OLD.\"tax_code\")",
                "CREATE TRIGGER \"enterprise_changed\" AFTER INSERT OR UPDATE OR DELETE ON \"enterprise\"");
        assertThat(o.claim(1000)).contains("FROM \"enterprise_change\"", "LIMIT 1000", "FOR UPDATE SKIP LOCKED",
                "LEFT JOIN \"enterprise\" t ON t.\"tax_code\" = b.\"tax_code\"", "AS change_id", "AS change_key", "AS claim");
        assertThat(o.processed()).startsWith("UPDATE \"enterprise_change\" SET processed_at")
                .endsWith("WHERE id = ANY(CAST(:#${body[0][claim]} AS BIGINT[]))");
    }

    @Test
    void theDdlKeptForToolsThatCannotRunTheDerivationIsTheDerivedOne() throws IOException {
        // docker-compose's legacy-db mounts it into /docker-entrypoint-initdb.d
        assertThat(Files.readString(ADAPTER.resolve("sandbox").resolve("outbox.sql")))
                .as("regenerate: java -jar target/ndxp-adapters-*.jar --print-outbox-ddl=business-registry/enterprise"
                        + " > adapters/business-registry/sandbox/outbox.sql")
                .isEqualTo(AdapterDatasources.outboxes(ADAPTER).get("enterprise").ddl());
    }

    @Test
    void hostileOrUnusableNamesAreRefusedBeforeAnySql() {
        for (String hostile : List.of("enterprise; DROP TABLE enterprise", "enterprise\"--", "Enterprise", "x y", "1table", "",
                "public.enterprise", "t".repeat(49), "enterprise_change')")) {
            assertThatThrownBy(() -> new Outbox(hostile, "tax_code", "TEXT")).as(hostile)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("table: must be a lower-case SQL name");
            assertThatThrownBy(() -> new Outbox("enterprise", hostile, "TEXT")).as(hostile)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("key: must be a lower-case SQL name");
        }
        assertThatThrownBy(() -> new Outbox(null, "tax_code", "TEXT")).hasMessageStartingWith("table:");
        assertThatThrownBy(() -> new Outbox("enterprise", "processed_at", "TEXT")).hasMessageContaining("a column of the change table");
        assertThatThrownBy(() -> new Outbox("enterprise", "tax_code", "TEXT); DROP TABLE x; --")).hasMessageStartingWith("key type:");
        assertThatThrownBy(() -> new Outbox("enterprise", "tax_code", "TEXT").claim(0)).hasMessageStartingWith("limit:");
    }

    @Test
    void aLayoutFileNamesItsErrors(@TempDir Path dir) throws IOException {
        Path hostile = layout(dir, "a", "table: \"enterprise; DROP TABLE enterprise\"\nkey: tax_code\n");
        assertThatThrownBy(() -> Outbox.of(hostile)).hasMessageStartingWith(hostile + ": table: must be a lower-case SQL name");
        Path noKey = layout(dir, "b", "table: enterprise\n");
        assertThatThrownBy(() -> Outbox.of(noKey)).hasMessage(noKey + ": key: required with table (the column that names the changed row)");
        Path unknownKey = layout(dir, "c", "table: enterprise\nkey: code\n");
        assertThatThrownBy(() -> Outbox.of(unknownKey)).hasMessage(unknownKey + ": key: 'code' is not a column of the layout's fields");
        Path booleanKey = layout(dir, "d", "table: enterprise\nkey: active\n");
        assertThatThrownBy(() -> Outbox.of(booleanKey)).hasMessageContaining("key: a boolean column cannot be a key");
        assertThat(Outbox.of(layout(dir, "e", "table: parcel\nkey: parcel_id\n"))).isEqualTo(new Outbox("parcel", "parcel_id", "BIGINT"));
        assertThat(Outbox.of(layout(dir, "f", ""))).isNull();
    }

    private static Path layout(Path dir, String name, String head) throws IOException {
        return Files.writeString(dir.resolve(name + ".record.yaml"), head + """
                fields:
                  - { name: taxCode, column: tax_code, type: string }
                  - { name: parcelId, column: parcel_id, type: integer }
                  - { name: active, column: active, type: boolean }
                """);
    }
}

package vn.gov.ndxp.adapters.files;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes {@code <file>.receipt.json} into the receipts folder atomically (temp file, then rename), with
 * the file's rejected records streamed from the store. A receipt of that name already there is kept:
 * the new one gets a time stamp.
 */
final class ReceiptWriter {

    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    private final ObjectMapper json;
    private final FileIntakeStore store;
    private final Clock clock;

    ReceiptWriter(ObjectMapper json, FileIntakeStore store, Clock clock) {
        this.json = json;
        this.store = store;
        this.clock = clock;
    }

    /** Returns the receipt's name in {@code receipts}. */
    String write(Receipt r, Path receipts) throws IOException {
        Files.createDirectories(receipts);
        String name = r.storedAs + ".receipt.json";
        if (Files.exists(receipts.resolve(name))) {
            name = r.storedAs + "." + STAMP.format(clock.instant()) + ".receipt.json";
        }
        Path tmp = receipts.resolve("." + name + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp); JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("file", r.file);
            g.writeStringField("adapter", r.adapter);
            g.writeStringField("status", r.status);
            if (r.sha != null) {
                g.writeStringField("sha256", r.sha);
            }
            if (r.size >= 0) {
                g.writeNumberField("sizeBytes", r.size);
            }
            if (r.movedTo != null) {
                g.writeStringField("movedTo", r.movedTo);
            }
            g.writeStringField("transactionId", r.txId);
            g.writeStringField("writtenAt", clock.instant().toString());
            if (r.duplicateOf != null) {
                g.writeObjectFieldStart("duplicateOf");
                g.writeStringField("file", r.duplicateOf.fileName());
                g.writeStringField("processedAt", String.valueOf(r.duplicateOf.finishedAt()));
                g.writeStringField("receipt", r.duplicateOf.receipt());
                g.writeNumberField("accepted", r.duplicateOf.accepted());
                g.writeNumberField("rejected", r.duplicateOf.rejected());
                g.writeEndObject();
            } else {
                g.writeNumberField("records", r.records);
                g.writeNumberField("accepted", r.accepted);
                g.writeNumberField("rejected", r.rejected);
                if (r.error != null) {
                    g.writeObjectFieldStart("error");
                    if (r.errorCategory != null) {
                        g.writeStringField("category", r.errorCategory);
                    }
                    g.writeStringField("reason", r.error);
                    if (r.errorLine > 0) {
                        g.writeNumberField("line", r.errorLine);
                    }
                    if (r.errorColumn > 0) {
                        g.writeNumberField("column", r.errorColumn);
                    }
                    g.writeEndObject();
                }
                g.writeArrayFieldStart("rejections");
                if (r.fileId >= 0) {
                    writeRejections(g, r.fileId);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        Files.move(tmp, receipts.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return name;
    }

    private void writeRejections(JsonGenerator g, long fileId) throws IOException {
        IOException[] failure = new IOException[1];
        store.rejections(fileId, x -> {
            try {
                g.writeStartObject();
                g.writeNumberField("record", x.record());
                g.writeNumberField("line", x.line());
                if (x.field() != null) {
                    g.writeStringField("field", x.field());
                }
                g.writeStringField("reason", x.reason());
                g.writeEndObject();
            } catch (IOException e) {
                failure[0] = e;
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
    }
}

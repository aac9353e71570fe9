package vn.gov.ndxp.adapters.files;

import java.util.Map;

/**
 * A record read from a batch file: its 1-based number in the file, the physical line it starts on,
 * its raw values by column/element name (null = absent), or a record-level problem.
 * <p>
 * Every record counts in {@code number}, problem records included, so a number stays a stable position
 * in the file (resuming uses it). A problem record still carries what could be read of it, for the
 * dead-letter entry; {@code problemField} names the column/element at fault when there is one.
 */
public record FileRecord(long number, long line, Map<String, String> values, String problemField, String problem) {

    public boolean ok() {
        return problem == null;
    }
}

package vn.gov.ndxp.adapters.adapter;

import java.nio.file.Path;

/** An adapter.yaml that cannot be used; the message names the file and the field. */
public class InvalidDescriptorException extends RuntimeException {

    public InvalidDescriptorException(Path file, String field, String message) {
        super("Invalid adapter descriptor " + file + ": field '" + field + "': " + message);
    }
}

package vn.gov.ndxp.adapters.component;

import org.apache.camel.spi.Metadata;
import vn.gov.ndxp.adapters.files.FileIntake;

/** The headers an ndxp-file-intake step sets. */
public final class NdxpFileIntakeConstants {

    @Metadata(description = "done/ or error/ plus the file name: where the route's move option puts the original, after"
            + " the receipt was written", javaType = "String")
    public static final String MOVE_TO = FileIntake.MOVE_TO;

    private NdxpFileIntakeConstants() {
    }
}

package vn.gov.ndxp.adapters.files;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Where the route's move option puts an original: {@code done/<name>} or {@code error/<name>} beside it;
 * a name already there gets a time stamp in front, so no earlier original is overwritten.
 */
final class MoveTarget {

    static final String DONE = "done";
    static final String ERROR = "error";

    private final Clock clock;

    MoveTarget(Clock clock) {
        this.clock = clock;
    }

    /** {@code parent}: the folder the original is in (null: not known, no stamp). */
    String of(String parent, String folder, String name) {
        if (parent != null && Files.exists(Path.of(parent, folder, name))) {
            return folder + "/" + ReceiptWriter.STAMP.format(clock.instant()) + "-" + name;
        }
        return folder + "/" + name;
    }
}

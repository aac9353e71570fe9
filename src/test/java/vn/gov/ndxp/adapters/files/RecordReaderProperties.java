package vn.gov.ndxp.adapters.files;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class RecordReaderProperties {
    @Property(tries = 10)
    boolean smoke(@ForAll int i) {
        return true;
    }
}

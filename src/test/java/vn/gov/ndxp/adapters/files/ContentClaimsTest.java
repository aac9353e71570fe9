package vn.gov.ndxp.adapters.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.dao.DataAccessResourceFailureException;
import vn.gov.ndxp.adapters.exchange.NdxpException;

class ContentClaimsTest {

    final MemoryFileIntakeStore store = new MemoryFileIntakeStore();
    final ContentClaims claims = new ContentClaims(store);

    @Test
    void newContentIsThisInstancesToRun(@TempDir Path receipts) {
        ContentClaims.Claim claim = claims.claim("social-insurance", "aa", "june.csv", 10, "tx-1", receipts);
        assertThat(claim.decision()).isEqualTo(ContentClaims.Decision.RUN);
        assertThat(claim.row().recordsDone()).isZero();
        assertThat(store.rows).containsOnlyKeys("aa");
    }

    @Test
    void contentProcessedUnderAnotherNameIsADuplicate(@TempDir Path receipts) throws Exception {
        store.done("aa", "may.csv", "may.csv.receipt.json", 3, 1);
        Files.writeString(receipts.resolve("may.csv.receipt.json"), "{}");
        ContentClaims.Claim claim = claims.claim("social-insurance", "aa", "june.csv", 10, "tx-2", receipts);
        assertThat(claim.decision()).isEqualTo(ContentClaims.Decision.DUPLICATE);
        assertThat(claim.row().fileName()).isEqualTo("may.csv");
        assertThat(claim.row().accepted()).isEqualTo(3);
    }

    @Test
    void theSameFileWithItsReceiptWrittenIsOnlyMoved(@TempDir Path receipts) throws Exception {
        store.done("aa", "june.csv", "june.csv.receipt.json", 3, 1);
        Files.writeString(receipts.resolve("june.csv.receipt.json"), "{}");
        assertThat(claims.claim("social-insurance", "aa", "june.csv", 10, "tx-2", receipts).decision())
                .isEqualTo(ContentClaims.Decision.MOVE_ONLY);
    }

    @Test
    void theSameFileDroppedAgainAfterItsMoveIsADuplicate(@TempDir Path receipts) throws Exception {
        store.done("aa", "june.csv", "june.csv.receipt.json", 3, 1);
        Files.writeString(receipts.resolve("june.csv.receipt.json"), "{}");
        store.moved(store.rows.get("aa").id());
        ContentClaims.Claim claim = claims.claim("social-insurance", "aa", "june.csv", 10, "tx-2", receipts);
        assertThat(claim.decision()).isEqualTo(ContentClaims.Decision.DUPLICATE);
        assertThat(claim.row().fileName()).isEqualTo("june.csv");
    }

    @Test
    void theSameFileWhoseReceiptIsGoneGetsADuplicateReceipt(@TempDir Path receipts) {
        store.done("aa", "june.csv", "june.csv.receipt.json", 3, 1);
        assertThat(claims.claim("social-insurance", "aa", "june.csv", 10, "tx-2", receipts).decision())
                .isEqualTo(ContentClaims.Decision.DUPLICATE);
    }

    @Test
    void contentAnotherInstanceHoldsIsLeftForNow(@TempDir Path receipts) {
        claims.claim("social-insurance", "aa", "june.csv", 10, "tx-1", receipts);
        store.heldElsewhere = "aa";
        assertThatThrownBy(() -> claims.claim("social-insurance", "aa", "june-copy.csv", 10, "tx-2", receipts))
                .isInstanceOfSatisfying(NdxpException.class, e -> {
                    assertThat(e.category()).isEqualTo(NdxpException.ADAPTER_UNAVAILABLE);
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.detail()).isEqualTo("june-copy.csv has the content of june.csv, which another instance is processing");
                });
    }

    @Test
    void aReleaseWhileTheDatabaseIsDownLeavesTheLeaseToRunOut(@TempDir Path receipts) {
        FileIntakeStore.FileRow row = claims.claim("social-insurance", "aa", "june.csv", 10, "tx-1", receipts).row();
        claims.release(row);
        assertThat(store.released).containsExactly(row.id());
        store.failure = new DataAccessResourceFailureException("database down");
        assertThatNoException().isThrownBy(() -> claims.release(row));
        assertThat(store.released).containsExactly(row.id());
    }
}

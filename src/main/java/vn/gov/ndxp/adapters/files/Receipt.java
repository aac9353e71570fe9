package vn.gov.ndxp.adapters.files;

/** What a receipt says about one file: its outcome, its counts, why it failed, where the original went. */
final class Receipt {

    final String adapter;
    final String file;
    /** The name its receipt and the moved original have: the file's own, or a safe one for a refused name. */
    final String storedAs;
    final String sha;
    final long size;
    final String txId;
    final String status;
    long records;
    long accepted;
    long rejected;
    String error;
    String errorCategory;
    String movedTo;
    long errorLine;
    long errorColumn;
    FileIntakeStore.FileRow duplicateOf;
    /** The file's row, whose rejected records the receipt lists; -1: none (a refused file has no records). */
    long fileId = -1;

    Receipt(String adapter, String file, String storedAs, String sha, long size, String txId, String status) {
        this.adapter = adapter;
        this.file = file;
        this.storedAs = storedAs;
        this.sha = sha;
        this.size = size;
        this.txId = txId;
        this.status = status;
    }
}

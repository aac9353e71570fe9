package vn.gov.ndxp.adapters.files;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The file intake's state in the runtime's database (ndxp_file, ndxp_file_rejection; V3 migration),
 * shared by every instance: a content's lease is taken under a row lock, so two instances never run
 * the same content at once.
 */
public class JdbcFileIntakeStore implements FileIntakeStore {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final String owner;
    private final Duration lease;

    public JdbcFileIntakeStore(JdbcTemplate jdbc, TransactionTemplate tx, String owner, Duration lease) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.owner = owner;
        this.lease = lease;
    }

    @Override
    public FileRow claim(String adapter, String sha256, String fileName, long size, String transactionId) {
        return tx.execute(s -> {
            Timestamp now = Timestamp.from(Instant.now());
            jdbc.update("INSERT INTO ndxp_file (adapter, sha256, file_name, size_bytes, status, transaction_id, started_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, 'RUNNING', ?, ?, ?) ON CONFLICT (adapter, sha256) DO NOTHING",
                    adapter, sha256, fileName, size, transactionId, now, now);
            FileRow row = jdbc.queryForObject("SELECT * FROM ndxp_file WHERE adapter = ? AND sha256 = ? FOR UPDATE",
                    (rs, i) -> new FileRow(rs.getLong("id"), rs.getString("status"), rs.getString("file_name"),
                            rs.getLong("records_done"), rs.getLong("accepted"), rs.getLong("rejected"), rs.getString("transaction_id"),
                            rs.getTimestamp("finished_at") == null ? null : rs.getTimestamp("finished_at").toInstant(),
                            rs.getString("receipt"),
                            rs.getString("owner") == null || owner.equals(rs.getString("owner"))
                                    || rs.getTimestamp("lease_until") == null || rs.getTimestamp("lease_until").before(now),
                            rs.getTimestamp("moved_at") != null),
                    adapter, sha256);
            if (row.claimed() && !DONE.equals(row.status())) {
                if (FAILED.equals(row.status())) {
                    jdbc.update("DELETE FROM ndxp_file_rejection WHERE file_id = ?", row.id());
                    jdbc.update("UPDATE ndxp_file SET status = 'RUNNING', records_done = 0, accepted = 0, rejected = 0, error = NULL,"
                            + " finished_at = NULL, moved_at = NULL, started_at = ? WHERE id = ?", now, row.id());
                    row = new FileRow(row.id(), RUNNING, fileName, 0, 0, 0, transactionId, null, null, true, false);
                }
                jdbc.update("UPDATE ndxp_file SET owner = ?, lease_until = ?, file_name = ?, updated_at = ? WHERE id = ?",
                        owner, Timestamp.from(Instant.now().plus(lease)), fileName, now, row.id());
            }
            return row;
        });
    }

    @Override
    public void checkpoint(long id, long recordsDone, long accepted, List<Rejection> rejections) {
        tx.executeWithoutResult(s -> {
            if (!rejections.isEmpty()) {
                jdbc.batchUpdate("INSERT INTO ndxp_file_rejection (file_id, record_number, line, field, reason) VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT DO NOTHING", rejections, rejections.size(), (ps, r) -> {
                            ps.setLong(1, id);
                            ps.setLong(2, r.record());
                            ps.setLong(3, r.line());
                            ps.setString(4, r.field());
                            ps.setString(5, r.reason());
                        });
            }
            jdbc.update("UPDATE ndxp_file SET records_done = ?, accepted = accepted + ?, rejected = rejected + ?, updated_at = ?,"
                    + " lease_until = ? WHERE id = ?", recordsDone, accepted, rejections.size(), Timestamp.from(Instant.now()),
                    Timestamp.from(Instant.now().plus(lease)), id);
        });
    }

    @Override
    public long[] counts(long id) {
        return jdbc.queryForObject("SELECT records_done, accepted, rejected FROM ndxp_file WHERE id = ?",
                (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}, id);
    }

    @Override
    public void rejections(long id, Consumer<Rejection> each) {
        jdbc.query(con -> {
            var ps = con.prepareStatement("SELECT record_number, line, field, reason FROM ndxp_file_rejection WHERE file_id = ?"
                    + " ORDER BY record_number");
            ps.setLong(1, id);
            ps.setFetchSize(1000);
            return ps;
        }, rs -> {
            each.accept(new Rejection(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
        });
    }

    @Override
    public void finish(long id, String status, String receipt, String error) {
        jdbc.update("UPDATE ndxp_file SET status = ?, receipt = ?, error = ?, finished_at = ?, updated_at = ?, owner = NULL,"
                + " lease_until = NULL WHERE id = ?", status, receipt, error, Timestamp.from(Instant.now()), Timestamp.from(Instant.now()), id);
    }

    @Override
    public void moved(long id) {
        jdbc.update("UPDATE ndxp_file SET moved_at = ? WHERE id = ? AND moved_at IS NULL", Timestamp.from(Instant.now()), id);
    }

    @Override
    public Forgotten forget(String adapter, String fileName) {
        return tx.execute(s -> {
            List<Forgotten> rows = jdbc.query("SELECT id, sha256, status FROM ndxp_file WHERE adapter = ? AND file_name = ?"
                    + " ORDER BY updated_at DESC, id DESC LIMIT 1 FOR UPDATE",
                    (rs, i) -> new Forgotten(rs.getLong(1), rs.getString(2), rs.getString(3)), adapter, fileName);
            if (rows.isEmpty()) {
                return null;
            }
            Forgotten f = rows.get(0);
            if (!RUNNING.equals(f.status())) {
                jdbc.update("DELETE FROM ndxp_file WHERE id = ?", f.id()); // its rejections go with it
            }
            return f;
        });
    }

    @Override
    public void release(long id) {
        jdbc.update("UPDATE ndxp_file SET owner = NULL, lease_until = NULL WHERE id = ? AND owner = ?", id, owner);
    }
}

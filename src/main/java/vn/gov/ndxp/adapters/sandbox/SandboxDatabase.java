package vn.gov.ndxp.adapters.sandbox;

/** A demo legacy database server of the sandbox, which tests stop and start to play an outage. */
public interface SandboxDatabase {

    void start() throws Exception;

    void stop() throws Exception;

    /** The JDBC URL of an adapter's database on this server (its sandbox schema: adapters/<id>/sandbox/db). */
    String jdbcUrl(String adapterId);
}

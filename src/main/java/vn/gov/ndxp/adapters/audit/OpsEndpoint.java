package vn.gov.ndxp.adapters.audit;

/**
 * A controller of /ops/** defined in a package above this one: its errors take the NDXP error form of
 * {@link OpsErrors}, like those of {@link OpsController}.
 */
public interface OpsEndpoint {
}

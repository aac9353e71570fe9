package vn.gov.ndxp.adapters.exchange;

/** An endpoint that may call a remote system (legacy backend or platform): the transaction record times its calls. */
public interface RemoteCall {

    boolean callsRemoteSystem();
}

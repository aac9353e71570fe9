package vn.gov.ndxp.adapters.adapter;

import java.util.Map;

/** Taking an adapter folder in again while running (implemented by runtime.AdapterReloader). */
public interface AdapterReloads {

    /**
     * Adds, replaces or removes the adapter from its folder as it is now; {@code by} is who asked (a
     * console user, or the sandbox's folder watch).
     *
     * @return what was done: adapter, outcome (added, reloaded, removed), routes
     * @throws vn.gov.ndxp.adapters.exchange.NdxpException 404 client.not-found for an id with neither folder
     *         nor adapter, 422 adapter.invalid naming file and field (the serving version stays)
     */
    Map<String, Object> reload(String id, String by);
}

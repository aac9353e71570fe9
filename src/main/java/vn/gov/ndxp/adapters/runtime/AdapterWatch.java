package vn.gov.ndxp.adapters.runtime;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import vn.gov.ndxp.adapters.exchange.NdxpException;

/**
 * The sandbox's edit cycle (ndxp.adapters.watch.enabled): the adapter folders are looked at a few
 * times per debounce period, and an adapter whose files changed (added, edited, removed) is reloaded
 * once its folder has stayed the same for the debounce period, so an editor's or a copy's burst of
 * writes is one reload. The folders are compared by file names, sizes and times, which works on every
 * file system (a bind mount, a network share) where file events may not arrive.
 */
public class AdapterWatch implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(AdapterWatch.class);

    private final AdapterReloader reloader;
    private final Duration debounce;
    /** Per adapter id, the changed state last seen and since when (nanoTime). */
    private final Map<String, Seen> seen = new HashMap<>();
    private volatile ScheduledExecutorService timer;

    public AdapterWatch(AdapterReloader reloader, Duration debounce) {
        this.reloader = reloader;
        this.debounce = debounce;
    }

    private void look() {
        try {
            Map<String, String> changed = reloader.changed();
            seen.keySet().retainAll(changed.keySet());
            long now = System.nanoTime();
            changed.forEach((id, state) -> {
                Seen last = seen.get(id);
                if (last == null || !Objects.equals(last.state(), state)) {
                    seen.put(id, new Seen(state, now));
                } else if (now - last.since() >= debounce.toNanos()) {
                    seen.remove(id);
                    reload(id);
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("Adapter folder watch: {}", e.getMessage());
        }
    }

    private void reload(String id) {
        try {
            Map<String, Object> done = reloader.reloadIfChanged(id, "folder-watch");
            if (done != null) {
                LOG.info("Adapter folder watch: {}", done);
            }
        } catch (NdxpException e) {
            LOG.warn("Adapter folder watch: adapter {} not reloaded: {}", id, e.getMessage());
        }
    }

    private record Seen(String state, long since) {
    }

    @Override
    public void start() {
        ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread th = new Thread(r, "ndxp-adapter-watch");
            th.setDaemon(true);
            return th;
        });
        long period = Math.max(50, debounce.toMillis() / 4);
        t.scheduleWithFixedDelay(this::look, period, period, TimeUnit.MILLISECONDS);
        timer = t;
        LOG.info("Watching the adapter folders: a changed adapter is reloaded after {} of quiet", debounce);
    }

    @Override
    public void stop() {
        ScheduledExecutorService t = timer;
        timer = null;
        if (t != null) {
            t.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }
}

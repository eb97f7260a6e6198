package net.voxedge.topology.registry;

import io.vertx.core.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The listeners of one registry. Calls run on one Vert.x context, so a listener never runs
 * concurrently with itself; each listener sees snapshots in version order and is called only with
 * a snapshot newer than the last one it saw.
 */
public final class StateListeners {

    private static final Logger log = LoggerFactory.getLogger(StateListeners.class);

    private final Context context;
    private final Supplier<LiveState> current;
    private final RegistryMetrics metrics;
    private final CopyOnWriteArrayList<Entry> entries = new CopyOnWriteArrayList<>();

    public StateListeners(Context context, Supplier<LiveState> current, RegistryMetrics metrics) {
        this.context = context;
        this.current = current;
        this.metrics = metrics;
    }

    /** Adds a listener and hands it the current snapshot (on the context). */
    public Subscription add(Consumer<LiveState> listener) {
        Entry entry = new Entry(listener);
        entries.add(entry);
        context.runOnContext(v -> deliver(entry));
        return () -> {
            entry.closed = true;
            entries.remove(entry);
        };
    }

    /** Tells every listener about the newest snapshot (on the context). */
    public void changed() {
        context.runOnContext(v -> {
            for (Entry e : entries) {
                deliver(e);
            }
        });
    }

    private void deliver(Entry entry) {
        LiveState state = current.get();
        if (entry.closed || (entry.lastVersion >= 0 && state.version() <= entry.lastVersion)) {
            return;
        }
        entry.lastVersion = state.version();
        try {
            entry.listener.accept(state);
        } catch (RuntimeException e) {
            metrics.error("listener");
            log.warn("registry listener {} failed on state version {}: {}", entry.listener, state.version(), e.toString(), e);
        }
    }

    private static final class Entry {
        final Consumer<LiveState> listener;
        long lastVersion = -1;
        volatile boolean closed;

        Entry(Consumer<LiveState> listener) {
            this.listener = listener;
        }
    }
}

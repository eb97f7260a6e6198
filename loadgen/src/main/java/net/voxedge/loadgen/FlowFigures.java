package net.voxedge.loadgen;

/**
 * The figures every generated flow keeps, whatever its protocol, and the {@link Flow} getters over
 * them. Written by the flow's loop only; {@code sent} and {@code failure} are volatile because the
 * progress line reads them from another thread while the step runs.
 */
abstract class FlowFigures implements Flow {
    final int id;
    final IoLoop loop;
    final SequenceTracker tracker = new SequenceTracker();

    volatile String failure;
    /** Nanos: the offer/first request left; 0 = not yet. */
    long t0;
    /** Nanos: the first echo came back; 0 = never. */
    long tFirstEcho;
    volatile long sent;
    long corrupt;
    long misrouted;
    /** Datagrams on the flow's socket that were not its echoes (other sources, other protocols). */
    long notOurs;

    FlowFigures(int id, IoLoop loop) {
        this.id = id;
        this.loop = loop;
    }

    @Override
    public final IoLoop loopOf() {
        return loop;
    }

    @Override
    public final boolean established() {
        return tFirstEcho != 0;
    }

    @Override
    public final String failure() {
        return failure;
    }

    @Override
    public final long sent() {
        return sent;
    }

    @Override
    public final SequenceTracker tracker() {
        return tracker;
    }

    @Override
    public final long corrupt() {
        return corrupt;
    }

    @Override
    public final long misrouted() {
        return misrouted;
    }

    @Override
    public final long t0() {
        return t0;
    }

    @Override
    public final long tFirstEcho() {
        return tFirstEcho;
    }
}

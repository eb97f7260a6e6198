package net.voxedge.bench;

/**
 * One way of carrying a 160-byte frame from a sender to a receiver on this host, for
 * {@link TunnelHopLatency}: each frame carries {@link System#nanoTime()} taken just before it goes
 * out, and the receiver records now − that stamp (one clock, one host) into the recorder it was
 * given.
 */
interface LatencyHop extends AutoCloseable {
    /** Payload bytes per frame (a 20 ms Opus frame at ~64 kbit/s). */
    int PAYLOAD = 160;

    /** What the table calls it. */
    String name();

    /** Sends {@code count} frames now, round robin over the sessions, each stamped as it is sent. Called from one thread. */
    void send(int count);

    /** Frames the receiver has recorded so far. */
    long received();

    /** Frames that could not be sent, and anything else worth a line (retransmissions); empty when nothing. */
    String notes();

    @Override
    void close();
}

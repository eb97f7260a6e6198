package net.voxedge.loadgen;

/**
 * What a step runner needs of one generated session, whatever its protocol: start it, see whether
 * it is up or failed, stop its media, close it, and read its figures once its loop has been
 * drained ({@link StepRunner} does that before it reads). All methods but the figure getters run
 * on the flow's {@link IoLoop}.
 */
interface Flow {
    IoLoop loopOf();

    void start();

    void stopSending();

    void close();

    /** Up: echoes come back. */
    boolean established();

    /** Given up: {@link #failure()} says why. */
    boolean failed();

    /** Sending media now (for the progress line). */
    boolean streaming();

    String failure();

    long sent();

    SequenceTracker tracker();

    long corrupt();

    long misrouted();

    /** Nanos: the offer/first request left; its first echo came back (0 = never). */
    long t0();

    long tFirstEcho();
}

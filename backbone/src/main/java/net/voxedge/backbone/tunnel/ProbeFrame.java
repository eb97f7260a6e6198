package net.voxedge.backbone.tunnel;

/**
 * Reusable PROBE / PROBE_REPLY body: the prober's probe id and its own clock at sending, echoed
 * unchanged, so the prober computes the round trip from the reply alone.
 *
 * <pre>
 *  0 probe id u32 | 4 origin time u64 (prober's nanoseconds)
 * </pre>
 */
public final class ProbeFrame {
    /** Body length. */
    public static final int LENGTH = 12;

    private int probeId;
    private long originNanos;

    /** Parses a probe body; false when its length is wrong. */
    public boolean parse(byte[] buf, int off, int len) {
        probeId = 0;
        originNanos = 0;
        if (buf == null || off < 0 || len != LENGTH || off > buf.length - len) {
            return false;
        }
        probeId = WireFormat.i32(buf, off);
        originNanos = WireFormat.i64(buf, off + 4);
        return true;
    }

    /** Writes a probe body; returns {@link #LENGTH}. */
    public static int write(byte[] out, int off, int probeId, long originNanos) {
        WireFormat.put32(out, off, probeId);
        WireFormat.put64(out, off + 4, originNanos);
        return LENGTH;
    }

    /** Probe id. */
    public int probeId() {
        return probeId;
    }

    /** Prober's clock when it sent the probe. */
    public long originNanos() {
        return originNanos;
    }
}

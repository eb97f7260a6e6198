package net.voxedge.backbone.tunnel;

/**
 * Sliding anti-replay window over the peer's packet numbers of one epoch: the highest number seen
 * and a bitmap of the {@link #SIZE} numbers up to it (RFC 6479 style, without the block trick's
 * constant-time shift since our window moves one clear per step). Check before decrypting, commit
 * only after the tag verified, so forged packets cannot move the window.
 */
public final class ReplayWindow {
    /** Packets the window remembers; older ones are dropped as too old. */
    public static final int SIZE = 2048;
    private final long[] bits = new long[SIZE / 64];
    private long highest = -1;

    /** Null when {@code packetNumber} is new, else {@link DropReason#REPLAYED} or {@link DropReason#TOO_OLD}. */
    public DropReason check(long packetNumber) {
        if (packetNumber > highest) {
            return null;
        }
        if (highest - packetNumber >= SIZE) {
            return DropReason.TOO_OLD;
        }
        return isSet(packetNumber) ? DropReason.REPLAYED : null;
    }

    /** Records an authenticated packet number (which passed {@link #check}). */
    public void commit(long packetNumber) {
        if (packetNumber > highest) {
            long advance = highest < 0 ? SIZE : packetNumber - highest;
            if (advance >= SIZE) {
                java.util.Arrays.fill(bits, 0L);
            } else {
                for (long p = highest + 1; p < packetNumber; p++) {
                    clear(p);
                }
            }
            highest = packetNumber;
        }
        int i = (int) (packetNumber & (SIZE - 1));
        bits[i >>> 6] |= 1L << (i & 63);
    }

    /** Forgets everything (the peer restarted with a new epoch). */
    public void reset() {
        java.util.Arrays.fill(bits, 0L);
        highest = -1;
    }

    /** Highest committed packet number, or -1. */
    public long highest() {
        return highest;
    }

    private boolean isSet(long p) {
        int i = (int) (p & (SIZE - 1));
        return (bits[i >>> 6] & (1L << (i & 63))) != 0;
    }

    private void clear(long p) {
        int i = (int) (p & (SIZE - 1));
        bits[i >>> 6] &= ~(1L << (i & 63));
    }
}

package net.voxedge.bench;

import net.voxedge.backbone.tunnel.TransmitSink;
import net.voxedge.backbone.tunnel.TunnelLink;

/**
 * The wire between two {@link TunnelLink}s driven by one thread: a bounded FIFO of datagram copies
 * in preallocated slots (a link's sink may not call back into a link, so datagrams wait here until
 * the driver hands them to the peer). No allocation after construction. A datagram that does not fit
 * is counted as an overflow instead of thrown into the link; the benchmarks fail on any.
 */
final class DatagramQueue implements TransmitSink {
    private final byte[][] slots;
    private final int[] lengths;
    private final int mask;
    private long head;
    private long tail;
    long transmitted;
    long overflows;

    /** A queue of {@code capacity} datagrams (rounded up to a power of two). */
    DatagramQueue(int capacity) {
        int n = Integer.highestOneBit(Math.max(1, capacity - 1)) << 1;
        slots = new byte[n][net.voxedge.backbone.tunnel.WireFormat.MAX_DATAGRAM];
        lengths = new int[n];
        mask = n - 1;
    }

    @Override
    public void transmit(byte[] buf, int off, int len) {
        transmitted++;
        if (tail - head == slots.length) {
            overflows++;
            return;
        }
        int i = (int) (tail++ & mask);
        System.arraycopy(buf, off, slots[i], 0, len);
        lengths[i] = len;
    }

    /** Datagrams waiting. */
    int size() {
        return (int) (tail - head);
    }

    /** Hands every waiting datagram (and any its delivery queues here) to {@code link}; returns how many. */
    int deliverAll(TunnelLink link, long nowNanos) {
        int n = 0;
        while (head != tail) {
            int i = (int) (head++ & mask);
            link.receive(slots[i], 0, lengths[i], nowNanos);
            n++;
        }
        return n;
    }
}

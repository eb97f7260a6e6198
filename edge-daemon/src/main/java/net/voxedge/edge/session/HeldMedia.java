package net.voxedge.edge.session;

/**
 * The client's first SRTP/SRTCP datagrams of a session, held while its DTLS handshake is still
 * publishing the keys. BouncyCastle sends our Finished before it reports the handshake complete,
 * and a browser sends media as soon as it has our Finished, so on a loaded host its first packets
 * can beat the keys to the home loop. They wait here, in arrival order, and are replayed through
 * the normal SRTP path once the keys are installed.
 *
 * <p>Bounded ({@link #MAX_PACKETS} datagrams, {@link #MAX_BYTES} bytes in all): the race lasts a
 * few milliseconds, and an unauthenticated flood must not grow it. A session allocates one only
 * when the race happens and drops it after the replay, so the steady path never touches one.
 * Home-loop state, like the rest of the session's media state.
 */
final class HeldMedia {
    /** 160 ms of 20 ms audio: far longer than key installation ever lags the Finished. */
    static final int MAX_PACKETS = 8;
    /** Eight Opus packets of a typical voice bitrate fit with room to spare. */
    static final int MAX_BYTES = 4096;
    /** The largest datagram held: what the transport passes on (its 2048-byte scratch less SRTP's room). */
    static final int MAX_DATAGRAM = 2048 - 64;
    /** Room a replay buffer needs after a held datagram: SRTP re-protects in place and appends its tag. */
    static final int REPLAY_HEADROOM = 64;

    private final byte[] bytes = new byte[MAX_BYTES];
    private final int[] offsets = new int[MAX_PACKETS];
    private final int[] lengths = new int[MAX_PACKETS];
    private final boolean[] rtcp = new boolean[MAX_PACKETS];
    private int count;
    private int used;

    /**
     * Copies one datagram in behind the others.
     *
     * @return false (nothing copied) when it would exceed a bound (count, bytes, datagram size) or
     *         the length is not positive
     */
    boolean add(byte[] b, int off, int len, boolean isRtcp) {
        if (len <= 0 || len > MAX_DATAGRAM || count == MAX_PACKETS || len > MAX_BYTES - used) {
            return false;
        }
        System.arraycopy(b, off, bytes, used, len);
        offsets[count] = used;
        lengths[count] = len;
        rtcp[count] = isRtcp;
        count++;
        used += len;
        return true;
    }

    int count() {
        return count;
    }

    /** The held datagrams' bytes; datagram {@code i} is at {@link #offset}, {@link #length} long. */
    byte[] bytes() {
        return bytes;
    }

    int offset(int i) {
        return offsets[i];
    }

    int length(int i) {
        return lengths[i];
    }

    boolean isRtcp(int i) {
        return rtcp[i];
    }
}

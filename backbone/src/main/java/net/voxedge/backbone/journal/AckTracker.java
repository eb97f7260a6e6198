package net.voxedge.backbone.journal;

/**
 * Which journaled frames a forwarder has sent and the cluster has not yet acknowledged, and from
 * that the low-water mark: the lowest journal index not yet acknowledged.
 *
 * <p>Frames are {@link #track tracked} in the order they are sent, which is journal order, into
 * a ring of fixed capacity (the in-flight window). Acknowledgements are cumulative per
 * (session, stream): acking seq {@code s} acks every tracked frame of that stream with a seq at
 * or before {@code s} (u32 serial-number order, so wrap-around is fine). They may arrive in any
 * order across sessions; an acked frame in the middle of the ring stays there as a hole until
 * every frame before it is acked too, so the mark only moves past frames that are all acked.
 *
 * <p>Each session's tracked frames form a linked list through the ring, oldest first, so an ack
 * costs the number of that session's frames in flight, not the whole window. Allocation-free after
 * warm-up; single-threaded (the forwarder's thread); no clock, no IO.
 */
public final class AckTracker {
  private static final int NONE = -1;

  private final int mask;
  private final long[] index;
  private final long[] session;
  private final int[] seq;
  private final byte[] stream;
  private final int[] next;
  private final boolean[] acked;
  private long head;
  private long tail;
  private int unacked;
  private final LongIntHashMap sessionHead;
  private final LongIntHashMap sessionTail;

  /** @param capacity most frames in flight at once (rounded up to a power of two) */
  public AckTracker(int capacity) {
    if (capacity < 1 || capacity > 1 << 24) {
      throw new IllegalArgumentException("in-flight capacity must be 1.." + (1 << 24) + ", got " + capacity);
    }
    int cap = Integer.highestOneBit(capacity);
    if (cap < capacity) {
      cap <<= 1;
    }
    mask = cap - 1;
    index = new long[cap];
    session = new long[cap];
    seq = new int[cap];
    stream = new byte[cap];
    next = new int[cap];
    acked = new boolean[cap];
    sessionHead = new LongIntHashMap(1024);
    sessionTail = new LongIntHashMap(1024);
  }

  /** How many frames fit in flight. */
  public int capacity() {
    return mask + 1;
  }

  /** Frames sent and not acknowledged. */
  public int unacked() {
    return unacked;
  }

  /** True when no further frame can be tracked until the oldest one is acknowledged. */
  public boolean isFull() {
    return tail - head > mask;
  }

  /**
   * Records that the frame at {@code journalIndex} was sent. Indices must increase from call to
   * call.
   *
   * @return false (and nothing recorded) when the window is full
   */
  public boolean track(long journalIndex, long sessionId, int streamId, int seqNo) {
    if (isFull()) {
      return false;
    }
    int slot = (int) (tail & mask);
    index[slot] = journalIndex;
    session[slot] = sessionId;
    seq[slot] = seqNo;
    stream[slot] = (byte) streamId;
    next[slot] = NONE;
    acked[slot] = false;
    tail++;
    unacked++;
    int last = sessionTail.get(sessionId);
    if (last == LongIntHashMap.MISSING) {
      sessionHead.put(sessionId, slot);
    } else {
      next[last] = slot;
    }
    sessionTail.put(sessionId, slot);
    return true;
  }

  /**
   * A cumulative acknowledgement: every tracked frame of ({@code sessionId}, {@code streamId})
   * with a seq at or before {@code seqNo} is acknowledged.
   *
   * @return how many tracked frames this acknowledged (0 for a stale or unknown ack)
   */
  public int acknowledge(long sessionId, int streamId, int seqNo) {
    int slot = sessionHead.get(sessionId);
    if (slot == LongIntHashMap.MISSING) {
      return 0;
    }
    byte st = (byte) streamId;
    int prev = NONE;
    int count = 0;
    while (slot != NONE) {
      int following = next[slot];
      if (stream[slot] == st) {
        if ((seq[slot] - seqNo) > 0) {
          break; // a stream's frames are tracked in seq order: the rest of it is newer
        }
        acked[slot] = true;
        count++;
        if (prev == NONE) {
          sessionHead.put(sessionId, following);
        } else {
          next[prev] = following;
        }
        if (following == NONE) {
          if (prev == NONE) {
            sessionHead.remove(sessionId);
            sessionTail.remove(sessionId);
          } else {
            sessionTail.put(sessionId, prev);
          }
        }
      } else {
        prev = slot;
      }
      slot = following;
    }
    unacked -= count;
    advance();
    return count;
  }

  /**
   * Treats every tracked frame of a session as acknowledged (the session moved to another
   * cluster, whose replay now owns those frames).
   *
   * @return how many frames that released
   */
  public int forgetSession(long sessionId) {
    int slot = sessionHead.get(sessionId);
    if (slot == LongIntHashMap.MISSING) {
      return 0;
    }
    int count = 0;
    while (slot != NONE) {
      acked[slot] = true;
      count++;
      slot = next[slot];
    }
    sessionHead.remove(sessionId);
    sessionTail.remove(sessionId);
    unacked -= count;
    advance();
    return count;
  }

  /** The journal index of the session's oldest unacknowledged frame, or -1 when it has none in flight. */
  public long firstUnacked(long sessionId) {
    int slot = sessionHead.get(sessionId);
    return slot == LongIntHashMap.MISSING ? -1 : index[slot];
  }

  /**
   * The low-water mark: the lowest journal index not yet acknowledged.
   *
   * @param nextUnsent the index of the next record the forwarder has not yet sent (the mark when
   *     nothing is in flight)
   */
  public long lowestUnacked(long nextUnsent) {
    return head == tail ? nextUnsent : index[(int) (head & mask)];
  }

  private void advance() {
    while (head != tail && acked[(int) (head & mask)]) {
      head++;
    }
  }
}

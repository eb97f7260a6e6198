package net.voxedge.backbone.journal;

import java.util.Arrays;

/**
 * An open-addressing map from {@code long} to {@code int} (linear probing, backward-shift
 * deletion), so that per-frame lookups by session id neither box the key nor allocate.
 * It grows (allocates) only when it passes half full: after warm-up the hot path allocates
 * nothing. Not thread-safe: each owner uses it from one thread.
 */
final class LongIntHashMap {
  /** Returned by {@link #get} for an absent key. */
  static final int MISSING = Integer.MIN_VALUE;

  private long[] keys;
  private int[] values;
  private boolean[] used;
  private int size;

  LongIntHashMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(8, expected * 2 - 1)) << 1;
    keys = new long[cap];
    values = new int[cap];
    used = new boolean[cap];
  }

  int size() {
    return size;
  }

  boolean containsKey(long key) {
    return size != 0 && find(key) >= 0;
  }

  int get(long key) {
    if (size == 0) {
      return MISSING;
    }
    int i = find(key);
    return i < 0 ? MISSING : values[i];
  }

  void put(long key, int value) {
    int mask = keys.length - 1;
    int i = slot(key, mask);
    while (used[i]) {
      if (keys[i] == key) {
        values[i] = value;
        return;
      }
      i = (i + 1) & mask;
    }
    used[i] = true;
    keys[i] = key;
    values[i] = value;
    if (++size * 2 > keys.length) {
      grow();
    }
  }

  boolean remove(long key) {
    if (size == 0) {
      return false;
    }
    int i = find(key);
    if (i < 0) {
      return false;
    }
    int mask = keys.length - 1;
    // Backward-shift: pull later members of the probe run into the hole so lookups never need tombstones.
    int hole = i;
    int j = (i + 1) & mask;
    while (used[j]) {
      int home = slot(keys[j], mask);
      boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
      if (movable) {
        keys[hole] = keys[j];
        values[hole] = values[j];
        hole = j;
      }
      j = (j + 1) & mask;
    }
    used[hole] = false;
    size--;
    return true;
  }

  void clear() {
    Arrays.fill(used, false);
    size = 0;
  }

  private int find(long key) {
    int mask = keys.length - 1;
    int i = slot(key, mask);
    while (used[i]) {
      if (keys[i] == key) {
        return i;
      }
      i = (i + 1) & mask;
    }
    return -1;
  }

  private static int slot(long key, int mask) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    boolean[] oldUsed = used;
    keys = new long[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    used = new boolean[oldKeys.length * 2];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldUsed[i]) {
        put(oldKeys[i], oldValues[i]);
      }
    }
  }
}

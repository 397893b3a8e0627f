package rapport.customer;

import java.util.Arrays;

/**
 * Remembers which identity keys an import already met, and on which line, in about 12 bytes per
 * row: a million-row file must not need a million String objects. Keys are the first 64 bits of
 * the SHA-256 identity, so a false "duplicate" needs a 64-bit collision. Not thread-safe.
 */
final class SeenKeys {
    private long[] keys = new long[1 << 12];
    private int[] lines = new int[1 << 12];
    private int size;

    /** Records the key at this line; returns the earlier line if it was already seen, else 0. */
    int putIfAbsent(String hexKey, int line) {
        long key = Long.parseUnsignedLong(hexKey.substring(0, 16), 16) | 1L; // 0 marks an empty slot
        if (size * 2 >= keys.length) grow();
        int slot = slot(key, keys.length);
        while (keys[slot] != 0) {
            if (keys[slot] == key) return lines[slot];
            slot = (slot + 1) & (keys.length - 1);
        }
        keys[slot] = key;
        lines[slot] = line;
        size++;
        return 0;
    }

    private static int slot(long key, int capacity) {
        return (int) (key ^ (key >>> 32)) & (capacity - 1);
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldLines = lines;
        keys = new long[oldKeys.length * 2];
        lines = new int[oldKeys.length * 2];
        Arrays.fill(keys, 0);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] == 0) continue;
            int slot = slot(oldKeys[i], keys.length);
            while (keys[slot] != 0) slot = (slot + 1) & (keys.length - 1);
            keys[slot] = oldKeys[i];
            lines[slot] = oldLines[i];
        }
    }
}

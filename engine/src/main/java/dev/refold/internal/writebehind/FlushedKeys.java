package dev.refold.internal.writebehind;

/**
 * A Bloom filter of the keys a fold, or a table held by write-behind, has already written out. A new key that the filter has never seen
 * cannot have a row yet, so it skips the lookup that would otherwise cost one query per new key after the
 * first flush. 1 MiB answers "maybe" wrongly for about 3% of keys at a million flushed keys.
 */
public final class FlushedKeys {
    private static final int BITS = 1 << 23;
    private final long[] words = new long[BITS / 64];

    public void add(Object key) {
        int h = mix(key.hashCode());
        for (int i = 0; i < 3; i++) {
            int bit = index(h, i);
            words[bit >>> 6] |= 1L << bit;
        }
    }

    public boolean mightContain(Object key) {
        int h = mix(key.hashCode());
        for (int i = 0; i < 3; i++) {
            int bit = index(h, i);
            if ((words[bit >>> 6] & (1L << bit)) == 0) {
                return false;
            }
        }
        return true;
    }

    private static int index(int hash, int i) {
        int combined = hash + i * (Integer.rotateLeft(hash, 16) | 1);
        return mix(combined) & (BITS - 1);
    }

    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }
}

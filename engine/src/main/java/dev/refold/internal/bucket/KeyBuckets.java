package dev.refold.internal.bucket;

/**
 * The bucket of a key: one of {@link #COUNT}, the same in every JVM and every run, so that a bucket's checkpoint
 * written by one run means the same keys to the next.
 *
 * <p>Why this hash: a key's text (the fold key as its column type normalises it, or the stream id) hashed by
 * {@link String#hashCode}, whose formula the Java specification fixes, then mixed by MurmurHash3's finaliser so
 * that keys differing only in their last characters ("customer-1", "customer-2") spread over all buckets.
 * {@code Object.hashCode} would not do: it is not stable across runs for most types.
 */
public final class KeyBuckets {
    /** As Akka's slices and EventStoreDB's pinned buckets: enough for many workers, few enough to list. */
    public static final int COUNT = 1024;

    private KeyBuckets() {
    }

    /** The bucket of a non-null key, in [0, {@link #COUNT}). */
    public static int of(Object key) {
        return ofText(key instanceof String text ? text : key.toString());
    }

    public static int ofText(String text) {
        int h = text.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h & (COUNT - 1);
    }

    /** Contiguous buckets, both ends included. */
    public record Range(int first, int last) {
        public Range {
            if (first < 0 || last >= COUNT || first > last) {
                throw new IllegalArgumentException("not a range of buckets: " + first + ".." + last);
            }
        }

        public boolean contains(int bucket) {
            return bucket >= first && bucket <= last;
        }
    }

    /** The range of the {@code index}-th of {@code parts} equal splits of all buckets (parts at most {@link #COUNT}). */
    public static Range split(int index, int parts) {
        return new Range(index * COUNT / parts, (index + 1) * COUNT / parts - 1);
    }

    /** Which of {@code parts} equal splits holds {@code bucket}: the inverse of {@link #split}. */
    public static int part(int bucket, int parts) {
        return (int) (((long) (bucket + 1) * parts - 1) / COUNT);
    }
}

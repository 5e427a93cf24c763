package dev.refold.internal.history;

import dev.refold.internal.bucket.KeyBuckets;

/**
 * Where each bucket of one target stands beyond the target's checkpoint: an event at or before its bucket's place
 * was applied already (in a range written and committed by an earlier run), and must not be applied again.
 */
public final class BucketPlaces {
    private final long[] transactionIds = new long[KeyBuckets.COUNT];
    private final long[] positions = new long[KeyBuckets.COUNT];
    private boolean any;

    void record(int first, int last, long transactionId, long position) {
        for (int b = first; b <= last; b++) {
            if (after(transactionId, position, transactionIds[b], positions[b])) {
                transactionIds[b] = transactionId;
                positions[b] = position;
            }
        }
        any = true;
    }

    /** Whether some bucket is ahead of the checkpoint. */
    public boolean any() {
        return any;
    }

    /** Whether the event at (transactionId, position), whose key is in {@code bucket}, was applied already. */
    public boolean applied(int bucket, long transactionId, long position) {
        return any && !after(transactionId, position, transactionIds[bucket], positions[bucket]);
    }

    /** Commit order: by append key, then position. */
    private static boolean after(long transactionId, long position, long otherTransactionId, long otherPosition) {
        return transactionId > otherTransactionId || transactionId == otherTransactionId && position > otherPosition;
    }
}

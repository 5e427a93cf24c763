/**
 * Buckets: a fixed number of key ranges, from a stable hash of a fold key or a stream id. A rebuild whose rows do
 * not fit in memory folds one contiguous range of buckets at a time; the same buckets are what a rebuild split
 * across workers claims. Internal: no compatibility promise.
 */
package dev.refold.internal.bucket;

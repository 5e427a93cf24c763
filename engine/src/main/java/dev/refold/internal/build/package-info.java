/**
 * Building a read model beside the serving one and swapping it in: the shadow schema ({@code ShadowBuild}: prepare,
 * replay, catch up, swap in one short transaction, record the history row or the failure), its storage while it
 * fills ({@code UnloggedTables}, {@code BulkLoadStorage}), schema helpers ({@code Schemas}, {@code SchemaDigest}),
 * and {@code verify}'s two builds compared ({@code Verification}). It replays through {@code internal.replay}.
 */
package dev.refold.internal.build;

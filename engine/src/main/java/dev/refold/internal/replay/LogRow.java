package dev.refold.internal.replay;

import java.time.Instant;
import java.util.UUID;

/** A stored event as the replay reads it: still JSON, decoded only when applied. */
record LogRow(long position, long transactionId, String streamId, long streamVersion, UUID eventId, String type,
              int typeVersion, String payloadJson, String metadataJson, Instant recordedAt) {
}

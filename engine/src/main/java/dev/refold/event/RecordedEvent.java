package dev.refold.event;

import java.time.Instant;
import java.util.UUID;

/**
 * An event as stored, with its place in the log. {@code event} is already upcast to the current version of
 * its Java type.
 *
 * @param position      global position in the log (gaps are possible: a rolled-back append leaves one)
 * @param transactionId the id of the transaction that wrote it; the log is read in (transactionId, position) order
 */
public record RecordedEvent<E>(long position, long transactionId, String streamId, long streamVersion,
                               UUID eventId, String eventType, int typeVersion, E event,
                               EventMetadata metadata, Instant recordedAt) {
}

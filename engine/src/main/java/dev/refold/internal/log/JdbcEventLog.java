package dev.refold.internal.log;

import dev.refold.RefoldException;
import dev.refold.event.AppendResult;
import dev.refold.event.ConcurrentAppendException;
import dev.refold.event.EventLog;
import dev.refold.event.EventType;
import dev.refold.event.ExpectedVersion;
import dev.refold.event.NewEvent;
import dev.refold.event.RecordedEvent;
import dev.refold.event.StreamAppend;
import dev.refold.event.StreamVersionConflictException;
import dev.refold.internal.db.Database;
import dev.refold.internal.db.Identifiers;
import org.jooq.DSLContext;
import org.postgresql.util.PSQLException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The event log on PostgreSQL. Each append is one transaction: an idempotency check on the event ids, the
 * expected-version check, then one multi-row insert.
 *
 * <p>Readers follow the log in (transaction id, position) order, where the transaction id is the append key
 * (see {@link AppendHorizon}). That order could put a stream's events out of stream order if a transaction whose
 * key is lower than that of the stream's last event appended to the stream. In this class it cannot happen: an
 * append's transaction draws its key in the very statement that reads the stream's head, after that statement's
 * snapshot was taken, and keys grow in the order they are drawn, while every event the snapshot shows committed
 * drew its key before.
 * The check after that statement guards the invariant anyway (against a future change that writes before
 * reading the head, say): it rolls back and retries in a fresh transaction, whose id is then higher than every
 * committed one.
 *
 * <p>Bound to a caller's connection ({@link #on(Connection)}, {@link #on(DSLContext)}), an append joins the
 * caller's transaction when one is open (autocommit off) and never commits, rolls it back or changes its
 * autocommit. There the invariant can fail for real: the caller's transaction may have been given its id (by an
 * earlier write) before another transaction that appended to the same stream and committed since. Refold cannot
 * retry the caller's transaction, so it throws {@link ConcurrentAppendException} and writes nothing. A
 * savepoint is set only where an append recovers from a unique violation (caller-chosen event ids, whose retry
 * must find the original positions, and {@code ExpectedVersion.any()}, which retries at the new head), and is
 * released after. On a connection in autocommit mode there is no caller's transaction: Refold opens one of its
 * own on it, ends it and turns autocommit back on.
 */
public final class JdbcEventLog implements EventLog {
    private static final int MAX_ATTEMPTS = 20;

    private final Database database;
    private final LogConnections connections;
    private final String events;
    /** Drawn in the statement that reads the stream's head, after its snapshot: see the class comment. */
    private final String appendKey;
    private final String eventTypes;
    private final EventTypeRegistry types;
    private final EventCodec codec;
    private final boolean skipUnknown;
    /** Pairs known to be in {@code event_types} in committed data, so an append need not insert them again. */
    private final Set<String> knownTypePairs;

    public JdbcEventLog(Database database, String schema, EventTypeRegistry types, EventCodec codec, boolean skipUnknown) {
        this(database, new LogConnections.Own(database), Identifiers.quote(schema) + ".events",
                Identifiers.quote(schema) + ".event_types", types, codec, skipUnknown, ConcurrentHashMap.newKeySet());
    }

    private JdbcEventLog(Database database, LogConnections connections, String events, String eventTypes,
                         EventTypeRegistry types, EventCodec codec, boolean skipUnknown, Set<String> knownTypePairs) {
        this.database = database;
        this.connections = connections;
        this.events = events;
        this.eventTypes = eventTypes;
        // the events table's schema, which also holds the function that draws append keys
        this.appendKey = events.substring(0, events.length() - ".events".length()) + ".append_key()";
        this.types = types;
        this.codec = codec;
        this.skipUnknown = skipUnknown;
        this.knownTypePairs = knownTypePairs;
    }

    @Override
    public EventLog on(Connection connection) {
        return bound(new LogConnections.Given(java.util.Objects.requireNonNull(connection, "connection")));
    }

    @Override
    public EventLog on(DSLContext dsl) {
        return bound(new LogConnections.Provided(java.util.Objects.requireNonNull(dsl, "dsl").configuration().connectionProvider()));
    }

    private EventLog bound(LogConnections to) {
        return new JdbcEventLog(database, to, events, eventTypes, types, codec, skipUnknown, knownTypePairs);
    }

    @Override
    public AppendResult append(String streamId, ExpectedVersion expected, List<?> given) {
        requireStreamId(streamId);
        if (given.isEmpty()) {
            throw new IllegalArgumentException("append to stream '" + streamId + "' needs at least one event");
        }
        List<NewEvent> batch = new ArrayList<>(given.size());
        for (Object o : given) {
            batch.add(NewEvent.of(o));
        }
        requireDistinctIds(streamId, batch.stream().map(NewEvent::eventId).toList());
        boolean mayRepeat = batch.stream().anyMatch(NewEvent::idChosenByCaller);
        return appendEncoded(streamId, expected, encode(batch), mayRepeat);
    }

    @Override
    public List<AppendResult> append(List<StreamAppend> appends) {
        List<Part> parts = BatchAppend.validate(appends);
        for (Part part : parts) {
            part.encoded = encode(part.events);
        }
        try {
            Connection connection = connections.acquire();
            try {
                BatchAppend batch = new BatchAppend(parts);
                if (connections.callers() && !connection.getAutoCommit()) {
                    try (Connection own = database.connection()) {
                        for (Part part : parts) {
                            registerTypes(own, part.encoded);
                        }
                    }
                    parts.forEach(part -> remember(part.encoded));
                    return batch.inCallersTransaction(connection);
                }
                return batch.inOwnTransactions(connection);
            } finally {
                connections.release(connection);
            }
        } catch (SQLException e) {
            throw new RefoldException("Batch append to " + appends.size() + " streams failed: " + e.getMessage(), e);
        }
    }

    /** One stream's part of a batch, with its events encoded once for every attempt. */
    private static final class Part {
        final int index;
        final String streamId;
        final ExpectedVersion expected;
        final List<NewEvent> events;
        final boolean mayRepeat;
        Encoded encoded;

        Part(int index, StreamAppend given) {
            this.index = index;
            this.streamId = given.streamId();
            this.expected = given.expected();
            this.events = given.events().stream().map(NewEvent::of).toList();
            this.mayRepeat = events.stream().anyMatch(NewEvent::idChosenByCaller);
        }
    }

    /**
     * A batch append: every stream's head read in one statement, which draws the transaction's append key after
     * its snapshot (as a single append's does, so the ordering argument of the class comment holds for each
     * stream), then one insert of every event, in stream-id order.
     */
    private final class BatchAppend {
        private final List<Part> parts;

        BatchAppend(List<Part> parts) {
            this.parts = parts;
        }

        static List<Part> validate(List<StreamAppend> appends) {
            if (appends == null || appends.isEmpty()) {
                throw new IllegalArgumentException("a batch append needs at least one stream");
            }
            Map<String, Integer> streams = new HashMap<>();
            Map<UUID, String> ids = new HashMap<>();
            List<Part> parts = new ArrayList<>(appends.size());
            for (int i = 0; i < appends.size(); i++) {
                StreamAppend given = java.util.Objects.requireNonNull(appends.get(i), "batch append part " + (i + 1));
                requireStreamId(given.streamId());
                if (given.events().isEmpty()) {
                    throw new IllegalArgumentException("batch append part " + (i + 1) + " (stream '" + given.streamId()
                            + "') needs at least one event");
                }
                Integer earlier = streams.putIfAbsent(given.streamId(), i + 1);
                if (earlier != null) {
                    throw new IllegalArgumentException("stream '" + given.streamId() + "' appears twice in the batch (parts "
                            + earlier + " and " + (i + 1) + "): give each stream one part with all its events");
                }
                Part part = new Part(i, given);
                requireDistinctIds(part.streamId, part.events.stream().map(NewEvent::eventId).toList());
                for (NewEvent e : part.events) {
                    String other = ids.putIfAbsent(e.eventId(), part.streamId);
                    if (other != null) {
                        throw new IllegalArgumentException("event id " + e.eventId() + " is in the batch twice, in streams '"
                                + other + "' and '" + part.streamId + "': each event needs an id of its own");
                    }
                }
                parts.add(part);
            }
            // one lock order for every batch: two batches over the same streams then cannot deadlock
            parts.sort(java.util.Comparator.comparing(p -> p.streamId));
            return parts;
        }

        List<AppendResult> inOwnTransactions(Connection connection) throws SQLException {
            connection.setAutoCommit(false);
            try {
                for (int attempt = 1; ; attempt++) {
                    try {
                        List<AppendResult> results = once(connection, attempt > 1);
                        if (results != null) {
                            connection.commit();
                            parts.forEach(part -> remember(part.encoded));
                            return results;
                        }
                        connection.rollback(); // ordering guard tripped: retry with a newer append key
                    } catch (SQLException | RuntimeException e) {
                        connection.rollback();
                        // a concurrent append took a version or stored the same ids: the next look names the stream
                        if (uniqueViolation(e) == null || attempt >= MAX_ATTEMPTS) {
                            throw e;
                        }
                    }
                    if (attempt >= MAX_ATTEMPTS) {
                        throw new RefoldException("Batch append to " + parts.size() + " streams gave up after " + attempt
                                + " attempts: concurrent appends kept overtaking it");
                    }
                }
            } finally {
                connection.setAutoCommit(true);
            }
        }

        /** Inside the caller's transaction, under a savepoint, so a failure leaves the caller's transaction usable. */
        List<AppendResult> inCallersTransaction(Connection connection) throws SQLException {
            for (int attempt = 1; ; attempt++) {
                Savepoint savepoint = connection.setSavepoint();
                try {
                    List<AppendResult> results = once(connection, attempt > 1);
                    if (results == null) {
                        throw new ConcurrentAppendException(overtaken);
                    }
                    return results;
                } catch (SQLException | RuntimeException e) {
                    connection.rollback(savepoint);
                    if (uniqueViolation(e) == null || attempt >= 2) {
                        throw e;
                    }
                } finally {
                    connection.releaseSavepoint(savepoint);
                }
            }
        }

        /** The stream whose head was written by a later append key than this transaction's. */
        private String overtaken;

        /** Returns null when the ordering guard asks for a retry (and names the stream in {@link #overtaken}). */
        private List<AppendResult> once(Connection connection, boolean retry) throws SQLException {
            AppendResult[] results = new AppendResult[parts.size()];
            List<Part> fresh = new ArrayList<>();
            for (Part part : parts) {
                AppendResult duplicate = part.mayRepeat || retry ? existing(connection, part.streamId, part.encoded) : null;
                if (duplicate != null) {
                    results[part.index] = duplicate;
                } else {
                    fresh.add(part);
                }
            }
            if (!fresh.isEmpty()) {
                long[] heads = heads(connection, fresh);
                if (heads == null) {
                    return null;
                }
                insert(connection, fresh, heads, results);
                for (Part part : fresh) {
                    registerTypes(connection, part.encoded);
                }
            }
            return List.of(results);
        }

        /** Each part's stream version, checked against its expected one, or null when the ordering guard trips. */
        private long[] heads(Connection connection, List<Part> fresh) throws SQLException {
            long[] heads = new long[fresh.size()];
            long[] lastKeys = new long[fresh.size()];
            long myKey = 0;
            try (PreparedStatement head = connection.prepareStatement(
                    "select " + appendKey + ", coalesce(l.stream_version, 0), coalesce(l.transaction_id::text::bigint, 0)"
                            + " from unnest(?::text[]) with ordinality s(id, n) left join lateral (select stream_version,"
                            + " transaction_id from " + events + " where stream_id = s.id order by stream_version desc limit 1)"
                            + " l on true order by s.n")) {
                head.setArray(1, connection.createArrayOf("text", fresh.stream().map(p -> p.streamId).toArray()));
                try (ResultSet rs = head.executeQuery()) {
                    for (int i = 0; rs.next(); i++) {
                        myKey = rs.getLong(1);
                        heads[i] = rs.getLong(2);
                        lastKeys[i] = rs.getLong(3);
                    }
                }
            }
            for (int i = 0; i < fresh.size(); i++) {
                Part part = fresh.get(i);
                if (!part.expected.accepts(heads[i])) {
                    throw new StreamVersionConflictException(part.streamId, part.expected, heads[i]);
                }
            }
            for (int i = 0; i < fresh.size(); i++) {
                if (lastKeys[i] > myKey) {
                    overtaken = fresh.get(i).streamId;
                    return null;
                }
            }
            return heads;
        }

        private void insert(Connection connection, List<Part> fresh, long[] heads, AppendResult[] results) throws SQLException {
            int total = fresh.stream().mapToInt(p -> p.encoded.size()).sum();
            String[] streams = new String[total];
            Long[] versions = new Long[total];
            Encoded all = new Encoded(total);
            int row = 0;
            for (int i = 0; i < fresh.size(); i++) {
                Encoded e = fresh.get(i).encoded;
                for (int j = 0; j < e.size(); j++, row++) {
                    streams[row] = fresh.get(i).streamId;
                    versions[row] = heads[i] + j + 1;
                    all.ids[row] = e.ids[j];
                    all.types[row] = e.types[j];
                    all.versions[row] = e.versions[j];
                    all.payloads[row] = e.payloads[j];
                    all.metadata[row] = e.metadata[j];
                }
            }
            Map<String, Long[]> positions = new HashMap<>();
            for (int i = 0; i < fresh.size(); i++) {
                positions.put(fresh.get(i).streamId, new Long[fresh.get(i).encoded.size()]);
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into " + events + " (stream_id, stream_version, event_id, event_type, type_version, payload, metadata)"
                            + " select e.s, e.sv, e.id, e.t, e.v, e.p::jsonb, e.m::jsonb from unnest(?::text[], ?::bigint[],"
                            + " ?::uuid[], ?::text[], ?::int[], ?::text[], ?::text[]) with ordinality as e(s, sv, id, t, v, p, m, n)"
                            + " order by e.n returning stream_id, stream_version, position")) {
                insert.setArray(1, connection.createArrayOf("text", streams));
                insert.setArray(2, connection.createArrayOf("int8", versions));
                insert.setArray(3, connection.createArrayOf("uuid", all.ids));
                insert.setArray(4, connection.createArrayOf("text", all.types));
                insert.setArray(5, connection.createArrayOf("int4", all.versions));
                insert.setArray(6, connection.createArrayOf("text", all.payloads));
                insert.setArray(7, connection.createArrayOf("text", all.metadata));
                try (ResultSet rs = insert.executeQuery()) {
                    Map<String, Long> base = new HashMap<>();
                    for (int i = 0; i < fresh.size(); i++) {
                        base.put(fresh.get(i).streamId, heads[i]);
                    }
                    while (rs.next()) {
                        String stream = rs.getString(1);
                        positions.get(stream)[(int) (rs.getLong(2) - base.get(stream) - 1)] = rs.getLong(3);
                    }
                }
            }
            for (int i = 0; i < fresh.size(); i++) {
                Part part = fresh.get(i);
                results[part.index] = new AppendResult(part.streamId, List.of(positions.get(part.streamId)),
                        heads[i] + part.encoded.size(), false);
            }
        }
    }

    /**
     * Appends events already in stored form (type name, version, JSON), as imported fixtures are: no Java
     * class is needed for them.
     */
    public AppendResult appendStored(String streamId, ExpectedVersion expected, List<StoredForm> given) {
        requireStreamId(streamId);
        requireDistinctIds(streamId, given.stream().map(StoredForm::eventId).toList());
        Encoded encoded = new Encoded(given.size());
        for (int i = 0; i < given.size(); i++) {
            StoredForm e = given.get(i);
            encoded.ids[i] = e.eventId();
            encoded.types[i] = e.type();
            encoded.versions[i] = e.typeVersion();
            encoded.payloads[i] = e.payloadJson();
            encoded.metadata[i] = e.metadataJson();
        }
        return appendEncoded(streamId, expected, encoded, true);
    }

    private static void requireStreamId(String streamId) {
        if (streamId == null || streamId.isBlank()) {
            throw new IllegalArgumentException("streamId must not be blank");
        }
        if (streamId.length() > EventLimits.MAX_STREAM_ID_LENGTH) {
            throw new IllegalArgumentException("Stream id '" + streamId.substring(0, 40) + "...' is " + streamId.length()
                    + " characters long; stream ids have at most " + EventLimits.MAX_STREAM_ID_LENGTH);
        }
    }

    /** One append carrying an id twice would fail on the log's unique index, with a message that names neither event. */
    private static void requireDistinctIds(String streamId, List<UUID> ids) {
        Map<UUID, Integer> seen = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            Integer earlier = seen.putIfAbsent(ids.get(i), i + 1);
            if (earlier != null) {
                throw new IllegalArgumentException("Append to stream '" + streamId + "' carries event id " + ids.get(i)
                        + " twice (events " + earlier + " and " + (i + 1) + " of " + ids.size() + "): each event needs an id of its own");
            }
        }
    }

    /** An event as the log stores it. */
    public record StoredForm(UUID eventId, String type, int typeVersion, String payloadJson, String metadataJson) {
    }

    /**
     * @param mayRepeat whether some event id was chosen by the caller, so the append may be a retry: those are
     *                  checked before the insert, because a failed insert would still use up log positions
     */
    private AppendResult appendEncoded(String streamId, ExpectedVersion expected, Encoded encoded, boolean mayRepeat) {
        try {
            Connection connection = connections.acquire();
            try {
                if (connections.callers() && !connection.getAutoCommit()) {
                    return appendInCallersTransaction(connection, streamId, expected, encoded, mayRepeat);
                }
                return appendInOwnTransactions(connection, streamId, expected, encoded, mayRepeat);
            } finally {
                connections.release(connection);
            }
        } catch (SQLException e) {
            throw new RefoldException("Append to stream '" + streamId + "' failed: " + e.getMessage(), e);
        }
    }

    /** Each attempt in a transaction Refold opens on {@code connection}, and ends. */
    private AppendResult appendInOwnTransactions(Connection connection, String streamId, ExpectedVersion expected,
                                                 Encoded encoded, boolean mayRepeat) throws SQLException {
        connection.setAutoCommit(false);
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    AppendResult result = appendOnce(connection, streamId, expected, encoded, mayRepeat || attempt > 1);
                    if (result != null) {
                        connection.commit();
                        remember(encoded);
                        return result;
                    }
                    connection.rollback(); // ordering guard tripped: retry with a newer transaction id
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    retryOrThrow(e, attempt, streamId, expected);
                }
                if (attempt >= MAX_ATTEMPTS) {
                    throw new RefoldException("Append to stream '" + streamId + "' gave up after " + attempt
                            + " attempts: concurrent appends kept overtaking it");
                }
            }
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /**
     * Inside the caller's open transaction: never commits or rolls it back. New event types are registered
     * first, committed on a connection of Refold's own: inserted in the caller's transaction, the row would hold
     * its lock until the caller ends, and any other append of that type would wait, on the same thread too. A
     * type whose events the caller then rolls back stays registered, which can only make the upcaster check at
     * open ask for one step more than the log needs.
     */
    private AppendResult appendInCallersTransaction(Connection connection, String streamId, ExpectedVersion expected,
                                                    Encoded encoded, boolean mayRepeat) throws SQLException {
        try (Connection own = database.connection()) {
            registerTypes(own, encoded);
        }
        remember(encoded);
        boolean recoverable = mayRepeat || expected.isAny();
        for (int attempt = 1; ; attempt++) {
            Savepoint savepoint = recoverable ? connection.setSavepoint() : null;
            try {
                AppendResult result = appendOnce(connection, streamId, expected, encoded, mayRepeat || attempt > 1);
                if (result == null) {
                    throw new ConcurrentAppendException(streamId);
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                if (savepoint == null) {
                    // The caller's transaction is aborted if the database raised: only a rollback of it helps now.
                    if ("events_stream_version_key".equals(uniqueViolation(e)) && !expected.isAny()) {
                        throw new StreamVersionConflictException(streamId, expected, currentVersion(streamId));
                    }
                    throw e;
                }
                connection.rollback(savepoint);
                retryOrThrow(e, attempt, streamId, expected);
            } finally {
                if (savepoint != null) {
                    connection.releaseSavepoint(savepoint);
                }
            }
        }
    }

    /** Returns when a unique violation means a concurrent append got there first and a fresh look may succeed. */
    private void retryOrThrow(Exception e, int attempt, String streamId, ExpectedVersion expected) throws SQLException {
        String constraint = uniqueViolation(e);
        if (constraint == null || attempt >= MAX_ATTEMPTS) {
            if (e instanceof SQLException sql) {
                throw sql;
            }
            throw (RuntimeException) e;
        }
        if ("events_stream_version_key".equals(constraint) && !expected.isAny()) {
            throw new StreamVersionConflictException(streamId, expected, currentVersion(streamId));
        }
        // a concurrent append took the version (expected any) or stored the same event ids: look again
    }

    /** The constraint a unique violation names, or null when {@code e} is something else. */
    private static String uniqueViolation(Exception e) {
        if (e instanceof PSQLException p && "23505".equals(p.getSQLState())) {
            return p.getServerErrorMessage() == null ? "" : String.valueOf(p.getServerErrorMessage().getConstraint());
        }
        return null;
    }

    /**
     * Returns null when the ordering guard asks for a retry. Without {@code checkDuplicates} (random ids, first
     * attempt) a repeated id can only surface as a version conflict or a unique violation, and is checked for then.
     */
    private AppendResult appendOnce(Connection connection, String streamId, ExpectedVersion expected, Encoded batch,
                                    boolean checkDuplicates) throws SQLException {
        if (checkDuplicates) {
            AppendResult duplicate = existing(connection, streamId, batch);
            if (duplicate != null) {
                return duplicate;
            }
        }
        long myTransaction;
        long actual;
        long lastTransaction;
        try (PreparedStatement head = connection.prepareStatement(
                "select " + appendKey + ", coalesce(l.stream_version, 0), coalesce(l.transaction_id::text::bigint, 0)"
                        + " from (select 1) one left join lateral (select stream_version, transaction_id from " + events
                        + " where stream_id = ? order by stream_version desc limit 1) l on true")) {
            head.setString(1, streamId);
            try (ResultSet rs = head.executeQuery()) {
                rs.next();
                myTransaction = rs.getLong(1);
                actual = rs.getLong(2);
                lastTransaction = rs.getLong(3);
            }
        }
        if (!expected.accepts(actual)) {
            AppendResult duplicate = checkDuplicates ? null : existing(connection, streamId, batch);
            if (duplicate != null) {
                return duplicate;
            }
            throw new StreamVersionConflictException(streamId, expected, actual);
        }
        if (lastTransaction > myTransaction) {
            return null;
        }
        List<Long> positions = insert(connection, streamId, actual, batch);
        registerTypes(connection, batch);
        return new AppendResult(streamId, positions, actual + batch.size(), false);
    }

    private AppendResult existing(Connection connection, String streamId, Encoded batch) throws SQLException {
        Map<UUID, long[]> found = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(
                "select event_id, position, stream_version, stream_id from " + events + " where event_id = any(?)")) {
            query.setArray(1, connection.createArrayOf("uuid", batch.ids));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    if (!streamId.equals(rs.getString(4))) {
                        throw new RefoldException("Event id " + rs.getObject(1) + " is already stored in stream '"
                                + rs.getString(4) + "', not in '" + streamId + "'");
                    }
                    found.put(rs.getObject(1, UUID.class), new long[]{rs.getLong(2), rs.getLong(3)});
                }
            }
        }
        if (found.isEmpty()) {
            return null;
        }
        if (found.size() < batch.size()) {
            throw new RefoldException("Append to stream '" + streamId + "' repeats " + found.size() + " of its "
                    + batch.size() + " event ids that are already stored: a retry must resend the same events with the same ids");
        }
        List<Long> positions = new ArrayList<>();
        long version = 0;
        for (UUID id : batch.ids) {
            long[] row = found.get(id);
            positions.add(row[0]);
            version = Math.max(version, row[1]);
        }
        return new AppendResult(streamId, positions, version, true);
    }

    private List<Long> insert(Connection connection, String streamId, long actual, Encoded batch) throws SQLException {
        Long[] positions = new Long[batch.size()];
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into " + events + " (stream_id, stream_version, event_id, event_type, type_version, payload, metadata)"
                        + " select ?, ? + e.n, e.id, e.t, e.v, e.p::jsonb, e.m::jsonb"
                        + " from unnest(?::uuid[], ?::text[], ?::int[], ?::text[], ?::text[]) with ordinality as e(id, t, v, p, m, n)"
                        + " order by e.n returning stream_version, position")) {
            insert.setString(1, streamId);
            insert.setLong(2, actual);
            insert.setArray(3, connection.createArrayOf("uuid", batch.ids));
            insert.setArray(4, connection.createArrayOf("text", batch.types));
            insert.setArray(5, connection.createArrayOf("int4", batch.versions));
            insert.setArray(6, connection.createArrayOf("text", batch.payloads));
            insert.setArray(7, connection.createArrayOf("text", batch.metadata));
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    positions[(int) (rs.getLong(1) - actual - 1)] = rs.getLong(2);
                }
            }
        }
        return List.of(positions);
    }

    private void registerTypes(Connection connection, Encoded batch) throws SQLException {
        List<String> fresh = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            String pair = batch.types[i] + '\u0000' + batch.versions[i];
            if (!knownTypePairs.contains(pair) && !fresh.contains(pair)) {
                fresh.add(pair);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into " + eventTypes + " (event_type, type_version) values (?, ?) on conflict do nothing")) {
            for (String pair : fresh) {
                String[] parts = pair.split("\u0000");
                insert.setString(1, parts[0]);
                insert.setInt(2, Integer.parseInt(parts[1]));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Called after a commit only: a pair cached from a transaction that rolled back would never be stored. */
    private void remember(Encoded batch) {
        for (int i = 0; i < batch.size(); i++) {
            knownTypePairs.add(batch.types[i] + '\u0000' + batch.versions[i]);
        }
    }

    private long currentVersion(String streamId) {
        try (Connection connection = database.connection();
             PreparedStatement query = connection.prepareStatement(
                     "select coalesce(max(stream_version), 0) from " + events + " where stream_id = ?")) {
            query.setString(1, streamId);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new RefoldException("Cannot read the version of stream '" + streamId + "': " + e.getMessage(), e);
        }
    }

    private Encoded encode(List<NewEvent> batch) {
        Encoded encoded = new Encoded(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            NewEvent e = batch.get(i);
            EventType identity = types.register(e.event().getClass());
            encoded.ids[i] = e.eventId();
            encoded.types[i] = identity.name();
            encoded.versions[i] = identity.version();
            encoded.payloads[i] = codec.encode(e.event());
            encoded.metadata[i] = codec.encodeMetadata(e.metadata());
        }
        return encoded;
    }

    @Override
    public List<RecordedEvent<Object>> readStream(String streamId) {
        List<RecordedEvent<Object>> result = new ArrayList<>();
        try {
            // On a caller's connection this reads the caller's own uncommitted appends too, as a fold must.
            Connection connection = connections.acquire();
            try (PreparedStatement query = connection.prepareStatement(
                    "select " + StoredEvents.COLUMNS + " from " + events + " where stream_id = ? order by stream_version")) {
                query.setString(1, streamId);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        RecordedEvent<Object> event = StoredEvents.read(rs, codec, skipUnknown);
                        if (event.event() != null) {
                            result.add(event);
                        }
                    }
                }
            } finally {
                connections.release(connection);
            }
        } catch (SQLException e) {
            throw new RefoldException("Cannot read stream '" + streamId + "': " + e.getMessage(), e);
        }
        return result;
    }

    @Override
    public void readAll(long afterPosition, int batchSize, Consumer<RecordedEvent<Object>> consumer) {
        try {
            Connection connection = connections.acquire();
            try {
                // A server-side cursor needs a transaction: the caller's if one is open, else one of Refold's own.
                boolean own = connection.getAutoCommit();
                if (own) {
                    connection.setAutoCommit(false);
                }
                try (PreparedStatement query = connection.prepareStatement(
                        "select " + StoredEvents.COLUMNS + " from " + events + " where position > ? order by position")) {
                    query.setFetchSize(batchSize);
                    query.setLong(1, afterPosition);
                    try (ResultSet rs = query.executeQuery()) {
                        while (rs.next()) {
                            RecordedEvent<Object> event = StoredEvents.read(rs, codec, skipUnknown);
                            if (event.event() != null) {
                                consumer.accept(event);
                            }
                        }
                    }
                } finally {
                    if (own) {
                        connection.rollback();
                        connection.setAutoCommit(true);
                    }
                }
            } finally {
                connections.release(connection);
            }
        } catch (SQLException e) {
            throw new RefoldException("Cannot read the event log: " + e.getMessage(), e);
        }
    }

    @Override
    public long headPosition() {
        try {
            Connection connection = connections.acquire();
            try (PreparedStatement query = connection.prepareStatement("select coalesce(max(position), 0) from " + events);
                 ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            } finally {
                connections.release(connection);
            }
        } catch (SQLException e) {
            throw new RefoldException("Cannot read the head of the event log: " + e.getMessage(), e);
        }
    }

    /** The (type, version) pairs ever appended, for the upcaster gap check at open. */
    public Map<String, Integer> oldestStoredVersions() {
        Map<String, Integer> oldest = new HashMap<>();
        try (Connection connection = database.connection();
             PreparedStatement query = connection.prepareStatement(
                     "select event_type, type_version from " + eventTypes);
             ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                oldest.merge(rs.getString(1), rs.getInt(2), Math::min);
                knownTypePairs.add(rs.getString(1) + '\u0000' + rs.getInt(2));
            }
        } catch (SQLException e) {
            throw new RefoldException("Cannot read the stored event types: " + e.getMessage(), e);
        }
        return oldest;
    }

    private static final class Encoded {
        final UUID[] ids;
        final String[] types;
        final Integer[] versions;
        final String[] payloads;
        final String[] metadata;

        Encoded(int size) {
            ids = new UUID[size];
            types = new String[size];
            versions = new Integer[size];
            payloads = new String[size];
            metadata = new String[size];
        }

        int size() {
            return ids.length;
        }
    }
}

package dev.refold.internal.log;

import dev.refold.internal.threads.HelperThreads;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Reads the log on a thread of its own, a few batches ahead of the handlers, and decodes it there too when
 * asked.
 *
 * <p>Why: fetching rows from the cursor and decoding JSON is a third of a replay's Java work, and the
 * handlers' thread would otherwise sit idle while the reader's backend produces the next fetch. Where the
 * decoding goes depends on who is busier: handler-style replays spend most of their time in jOOQ, so this
 * thread decodes; fold-style replays are quick per event, so they decode themselves and this thread only
 * reads. The queue is bounded, so memory stays at a few batches whatever the log's size. The reading thread
 * owns the reader connection until {@link #close()} returns.
 */
public final class DecodedLog implements AutoCloseable {
    /**
     * Events read ahead: enough to hide a fetch, few enough to keep memory flat. With large batches (a user's
     * {@code refold.batchSize}) that is a single batch, so reading ahead never holds more than one more batch.
     */
    private static final int AHEAD_EVENTS = 20_000;
    private static final int AHEAD_BATCHES = 4;
    private static final Object END = new Object();

    /**
     * One event: decoded, or the reason it could not be (which the replay reports with its position), or not
     * yet decoded ({@code ready} false).
     */
    public record Decoded(LogRow row, Object event, RuntimeException failure, boolean ready) {
        static Decoded undecoded(LogRow row) {
            return new Decoded(row, null, null, false);
        }
    }

    private final BlockingQueue<Object> queue;
    private final Future<?> reading;
    private volatile boolean closed;
    private boolean ended;

    /** {@code decoder} null: the rows come {@link Decoded#undecoded undecoded}. */
    public DecodedLog(PreparedStatement query, int batchSize, Function<LogRow, Decoded> decoder, ExecutorService threads) {
        this.queue = new ArrayBlockingQueue<>(Math.max(1, Math.min(AHEAD_BATCHES, AHEAD_EVENTS / Math.max(1, batchSize))));
        this.reading = threads.submit(() -> read(query, batchSize, decoder));
    }

    private void read(PreparedStatement query, int batchSize, Function<LogRow, Decoded> decoder) {
        try (ResultSet rs = query.executeQuery()) {
            List<Decoded> batch = new ArrayList<>(batchSize);
            while (!closed && rs.next()) {
                LogRow row = LogRow.read(rs);
                batch.add(decoder == null ? Decoded.undecoded(row) : decoder.apply(row));
                if (batch.size() == batchSize) {
                    hand(batch);
                    batch = new ArrayList<>(batchSize);
                }
            }
            if (!batch.isEmpty()) {
                hand(batch);
            }
            hand(END);
        } catch (Throwable e) {
            hand(e); // even an Error: the replay thread is waiting for the next item and must not wait forever
        }
    }

    /** Waits for room, unless the replay has stopped reading. */
    private void hand(Object item) {
        try {
            while (!closed && !queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
                // the handlers are behind; wait
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The next batch in log order, or null at the end. */
    @SuppressWarnings("unchecked")
    public List<Decoded> next() throws SQLException {
        if (ended) {
            return null;
        }
        Object item;
        try {
            item = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while reading the log", e);
        }
        if (item == END) {
            ended = true;
            return null;
        }
        if (item instanceof Throwable failure) {
            ended = true;
            HelperThreads.rethrow(failure, "reading the log");
        }
        return (List<Decoded>) item;
    }

    /** Stops reading and waits until the reader connection is free again, even when interrupted. */
    @Override
    public void close() {
        closed = true; // a reading thread waiting for room gives up at its next try
        queue.clear();
        HelperThreads.awaitEnd(reading); // read() reports its own failures through the queue
    }
}

package dev.refold.internal.replay;

import dev.refold.internal.bucket.KeyBuckets;
import dev.refold.internal.history.BucketPlaces;
import dev.refold.internal.log.CommitSafeLog.Place;
import dev.refold.internal.log.DecodedLog.Decoded;
import dev.refold.internal.log.LogRow;
import dev.refold.internal.projection.FoldBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A fold-style rebuild whose keys outgrew the row budget, folded one range of buckets at a time.
 *
 * <p>Why: once the budget is full, the buffer has to write rows out, and a key that comes back later costs one
 * SELECT per event. When keys are revisited across the whole log that is nearly every event. Instead, at the
 * moment the budget first fills, every row is written out with the checkpoint (as before), and the keys are split
 * by {@link KeyBuckets bucket} into contiguous ranges sized so that each range's rows fit. The rest of the pass
 * folds the first range in memory and copies the log's rows of every other range, as read, into that range's
 * {@link SpillFile} in commit order; each range then folds from its own file. A key belongs to one range, so
 * ordering within a key is the log's, and each range starts by loading, in a few queries, the rows its keys had
 * at the split: the result is the read model one pass in memory would give.
 *
 * <p>Checkpoints: the projection's checkpoint stays at the split until every range is done. Each range's rows
 * commit with a bucket checkpoint of the range ({@code refold.bucket_checkpoints}) saying how far the range got;
 * a build resumed after a crash skips the events of a bucket at or before its place, so nothing is applied twice.
 * The last range's commit moves the checkpoint to the end of the pass and drops the bucket checkpoints.
 */
final class KeyRangePasses implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeyRangePasses.class);
    /** Enough ranges for a heap 1/500 of the key space; each open range costs a spill file's buffer. */
    private static final int MAX_RANGES = 512;
    /** A range is sized to fill this share of the budget, leaving room for keys the estimate missed. */
    private static final double FILL = 0.6;

    private final ReplayRun run;
    private final FoldBuffer buffer;
    private final FoldBinding fold;
    private final BucketPlaces done;
    private final int ranges;
    /** Per range, the keys whose rows the table held at the split. */
    private final List<List<Object>> inTable;
    private final SpillFile[] spills;
    /** The checkpoint at the split. */
    private final Place from;
    private int current;
    /** Events read since the split, and the last of them. */
    private long events;
    private LogRow last;

    /** How many ranges, and which keys of the buffer go to which: decided before the split's flush. */
    record Plan(int ranges, List<List<Object>> inTable) {
    }

    /**
     * Sizes the ranges from how fast keys came so far: the keys buffered, scaled by the positions still ahead.
     * Keys usually come more slowly later, so that overestimates, which costs only more ranges.
     */
    static Plan plan(ReplayRun run, FoldBuffer buffer, long passStart, LogRow at) throws SQLException {
        long head = run.head();
        double seen = Math.max(1, at.position() - passStart);
        double keys = buffer.size() * (seen + Math.max(0, head - at.position())) / seen;
        int ranges = (int) Math.max(2, Math.min(MAX_RANGES, Math.ceil(keys / (FILL * run.foldBufferRows()))));
        List<List<Object>> inTable = new ArrayList<>(ranges);
        for (int i = 0; i < ranges; i++) {
            inTable.add(new ArrayList<>());
        }
        for (Object key : buffer.keys()) {
            inTable.get(KeyBuckets.part(KeyBuckets.of(key), ranges)).add(key);
        }
        LOG.debug("Fold of {}: {} keys fill the row budget at position {}; about {} keys expected, folded in {} ranges of buckets",
                run.projection().name(), buffer.size(), at.position(), Math.round(keys), ranges);
        return new Plan(ranges, inTable);
    }

    /** After the split's flush committed at the cursor's place: the first range folds on, the others spill. */
    KeyRangePasses(ReplayRun run, FoldBuffer buffer, BucketPlaces done, Plan plan) {
        this.run = run;
        this.buffer = buffer;
        this.fold = run.projection().fold();
        this.done = done;
        this.ranges = plan.ranges();
        this.inTable = plan.inTable();
        this.from = run.cursor().committed();
        this.spills = new SpillFile[ranges];
        for (int i = 1; i < ranges; i++) {
            spills[i] = new SpillFile();
        }
        buffer.beginRange(inTable.get(0), run.dsl());
        inTable.set(0, null);
    }

    /** One event of the rest of the pass: folded if its key is in the first range, else kept for its range. */
    void route(Decoded decoded) throws SQLException {
        LogRow row = decoded.row();
        last = row;
        events++;
        FoldBinding.Step step = fold.step(row.type());
        if (step == null) {
            return; // a type only onLive handles
        }
        Object event;
        Object key;
        try {
            event = run.eventOf(decoded);
            key = fold.normalise(step.keyOf(event));
        } catch (RuntimeException e) {
            run.writer().rollback();
            throw run.failure(row, e);
        }
        int bucket = KeyBuckets.of(key);
        if (done.applied(bucket, row.transactionId(), row.position())) {
            return;
        }
        int range = KeyBuckets.part(bucket, ranges);
        if (range == 0) {
            fold(step, event, key, row);
        } else {
            spills[range].append(row);
        }
        if ((events & 0xFFFF) == 0) {
            run.progress(run.cursor().applied() + events, row.position());
        }
    }

    /** The pass has ended: the first range is written, then each other range folds from its file. */
    void finish() throws SQLException {
        if (events == 0) {
            return; // the split's flush already moved the checkpoint to the pass's end
        }
        for (current = 0; current < ranges; current++) {
            if (current > 0) {
                buffer.beginRange(inTable.get(current), run.dsl());
                inTable.set(current, null);
                try (SpillFile.Reader reader = spills[current].read()) {
                    LogRow row;
                    while ((row = reader.next()) != null) {
                        Decoded decoded = new Decoded(row, null, null, false);
                        FoldBinding.Step step = fold.step(row.type());
                        Object event;
                        try {
                            event = run.eventOf(decoded);
                        } catch (RuntimeException e) {
                            run.writer().rollback();
                            throw run.failure(row, e);
                        }
                        fold(step, event, step.keyOf(event), row);
                    }
                }
                spills[current].close();
            }
            buffer.flush(run.writer());
            if (current < ranges - 1) {
                run.advanceBuckets(KeyBuckets.split(current, ranges), last);
            } else {
                run.advancePastBuckets(from, last, events);
            }
            run.writer().commit();
            run.progress(run.cursor().applied() + events, last.position());
        }
        run.cursor().confirm(last, events, 0);
    }

    private void fold(FoldBinding.Step step, Object event, Object key, LogRow row) throws SQLException {
        try {
            HandlerInvoker.invoke(() -> step.handler().apply(buffer.row(key, run.dsl()), event, run.context(row, run.dsl())));
        } catch (RuntimeException e) {
            run.writer().rollback();
            throw run.failure(row, e);
        }
        if (buffer.size() >= run.foldBufferRows()) {
            // More keys than the estimate gave this range: write them out here (they are reloaded when they come back).
            buffer.flush(run.writer());
            run.advanceBuckets(KeyBuckets.split(current, ranges), row);
            run.writer().commit();
        }
    }

    @Override
    public void close() {
        for (SpillFile spill : spills) {
            if (spill != null) {
                spill.close();
            }
        }
    }
}

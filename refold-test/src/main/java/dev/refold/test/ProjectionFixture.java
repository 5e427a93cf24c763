package dev.refold.test;

import dev.refold.ProjectionBuildException;
import dev.refold.Refold;
import dev.refold.event.ExpectedVersion;
import dev.refold.projection.Projection;
import dev.refold.result.VerifyResult;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Given-when-then for one projection, after Axon's test fixtures, on a real database:
 *
 * <pre>{@code
 * new ProjectionFixture(db, new PostsProjection())
 *         .given("post-1", new PostPublished("post-1", "Hello", "ann"), new PostDeleted("post-1"))
 *         .whenBuilt()
 *         .thenRows("select id, deleted from posts.post order by id", List.of("post-1", true))
 *         .thenRebuildEqualsIncremental();
 * }</pre>
 */
public final class ProjectionFixture {
    private final TestDatabase database;
    private final Projection projection;
    private final List<Object[]> given = new ArrayList<>();
    private ProjectionBuildException failure;

    /**
     * A fixture for {@code projection} on {@code database}. Each step opens Refold on the database with only this
     * projection declared (discovery off), as an application would, and closes it again.
     */
    public ProjectionFixture(TestDatabase database, Projection projection) {
        this.database = database;
        this.projection = projection;
    }

    /**
     * Events already in the log, appended to {@code streamId} in order (with {@code ExpectedVersion.any()}) when the
     * next {@code when} step runs. Call it once per stream; streams are appended in the order given.
     */
    public ProjectionFixture given(String streamId, Object... events) {
        given.add(new Object[]{streamId, events});
        return this;
    }

    /**
     * Appends the given events and runs {@code migrate()}: the projection is built from the whole log. A
     * {@code ProjectionBuildException} is kept for {@link #thenFailedAt}; every other {@code then} step fails on it.
     */
    public ProjectionFixture whenBuilt() {
        try (Refold refold = refold()) {
            for (Object[] stream : given) {
                refold.events().append((String) stream[0], ExpectedVersion.any(), List.of((Object[]) stream[1]));
            }
            given.clear();
            refold.migrate();
        } catch (ProjectionBuildException e) {
            failure = e;
        }
        return this;
    }

    /**
     * Appends more events to {@code streamId} and runs {@code migrate()} again, which catches the built projection
     * up as live traffic would (live-only handlers run). A build failure is kept as in {@link #whenBuilt}.
     */
    public ProjectionFixture whenAppended(String streamId, Object... events) {
        try (Refold refold = refold()) {
            refold.events().append(streamId, ExpectedVersion.any(), List.of(events));
            refold.migrate();
        } catch (ProjectionBuildException e) {
            failure = e;
        }
        return this;
    }

    /**
     * Runs {@code sql} on the database and compares its rows, in order, with {@code expected}, each column with
     * {@link Objects#equals} after JDBC's mapping ({@code Long} for bigint, {@code Integer} for int, ...). Qualify the
     * tables with the projection's schema and give an ORDER BY.
     *
     * @throws AssertionError naming the query, the expected and the actual rows, or the build's failure
     */
    @SafeVarargs
    public final ProjectionFixture thenRows(String sql, List<Object>... expected) {
        requireNoFailure();
        List<List<Object>> actual = new ArrayList<>();
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.add(rs.getObject(i));
                }
                actual.add(row);
            }
        } catch (SQLException e) {
            throw new AssertionError("Query failed: " + sql + ": " + e.getMessage(), e);
        }
        if (!actual.equals(Arrays.asList(expected))) {
            throw new AssertionError("Projection '" + projection.name() + "': " + sql + "\n expected: " + Arrays.asList(expected)
                    + "\n but was:  " + actual);
        }
        return this;
    }

    /**
     * The last {@code when} step failed on the event at log position {@code position}, of type {@code eventType}
     * (the {@code @EventType} name).
     *
     * @throws AssertionError when nothing failed, or something else did
     */
    public ProjectionFixture thenFailedAt(long position, String eventType) {
        if (failure == null) {
            throw new AssertionError("Projection '" + projection.name() + "' was expected to fail at position " + position);
        }
        if (failure.position().orElse(-1) != position || !eventType.equals(failure.eventType())) {
            throw new AssertionError("Expected a failure at position " + position + " (" + eventType + ") but got: " + failure.getMessage());
        }
        return this;
    }

    /**
     * The contract every projection must keep: runs {@code verify()}, which builds it from scratch and again in tiny
     * batches with restarts, written as live catch-up writes, and compares the two; the rows must be the same, and
     * both builds must have covered the whole log given (every event up to its head). Catches handlers that depend
     * on anything but the log (the clock, a counter, batch boundaries, update counts they promised not to read) and
     * rows a rebuild can store but live catch-up cannot.
     *
     * @throws AssertionError with verify's findings
     */
    public ProjectionFixture thenRebuildEqualsIncremental() {
        requireNoFailure();
        try (Refold refold = refold()) {
            VerifyResult result = refold.verify();
            if (!result.passed()) {
                VerifyResult.ProjectionVerification found = result.projections().get(0);
                throw new AssertionError("Projection '" + projection.name() + "' "
                        + (found.failure() != null ? "failed verify: " + found.failure()
                        : "does not rebuild deterministically: " + found)
                        + " (" + found.eventsRead() + " events read, " + found.eventsReplayed() + " handled)");
            }
        }
        return this;
    }

    private void requireNoFailure() {
        if (failure != null) {
            throw new AssertionError("Projection '" + projection.name() + "' failed: " + failure.getMessage(), failure);
        }
    }

    private Refold refold() {
        return database.configure().projections(projection).load();
    }
}

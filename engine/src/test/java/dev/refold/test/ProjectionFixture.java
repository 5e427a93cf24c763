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

    public ProjectionFixture(TestDatabase database, Projection projection) {
        this.database = database;
        this.projection = projection;
    }

    /** Events already in the log, appended to {@code streamId} in order. */
    public ProjectionFixture given(String streamId, Object... events) {
        given.add(new Object[]{streamId, events});
        return this;
    }

    /** Appends the given events and runs {@code migrate()}: the projection is built from the whole log. */
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

    /** Appends more events to the built projection and catches it up, as live traffic would. */
    public ProjectionFixture whenAppended(String streamId, Object... events) {
        try (Refold refold = refold()) {
            refold.events().append(streamId, ExpectedVersion.any(), List.of(events));
            refold.migrate();
        } catch (ProjectionBuildException e) {
            failure = e;
        }
        return this;
    }

    /** The query's rows, each compared column by column with {@link Objects#equals} after JDBC's mapping. */
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

    /** The build failed on the event at {@code position} of type {@code eventType}. */
    public ProjectionFixture thenFailedAt(long position, String eventType) {
        if (failure == null) {
            throw new AssertionError("Projection '" + projection.name() + "' was expected to fail at position " + position);
        }
        if (failure.position().orElse(-1) != position || !eventType.equals(failure.eventType())) {
            throw new AssertionError("Expected a failure at position " + position + " (" + eventType + ") but got: " + failure.getMessage());
        }
        return this;
    }

    /** The contract every projection must keep: built from scratch or in small batches with restarts, the same rows. */
    public ProjectionFixture thenRebuildEqualsIncremental() {
        requireNoFailure();
        try (Refold refold = refold()) {
            VerifyResult result = refold.verify();
            if (!result.passed()) {
                throw new AssertionError("Projection '" + projection.name() + "' does not rebuild deterministically: "
                        + result.projections());
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

package dev.refold.internal.coordination;

import dev.refold.RefoldException;
import dev.refold.internal.build.Schemas;
import dev.refold.internal.db.AdvisoryLocks;
import dev.refold.internal.db.Database;
import dev.refold.internal.projection.ProjectionDefinition;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * The right to build one projection: its build lock, held on a connection of its own from the claim to the
 * swap. Two instances that both decide to build a projection cannot both hold it, and the one that does not
 * sees who does. The server drops the lock when the builder's connection ends, kill -9 included; the shadow's
 * checkpoint stays, and the next claimant resumes it.
 */
public final class BuildClaim implements AutoCloseable {
    private final Connection connection;
    private final BuildRegistry registry;
    private final String projection;
    private final String key;

    private BuildClaim(Connection connection, BuildRegistry registry, String projection, String key) {
        this.connection = connection;
        this.registry = registry;
        this.projection = projection;
        this.key = key;
    }

    /** The claim, or empty when another session builds the projection. */
    public static Optional<BuildClaim> tryClaim(Database database, String schema, String projection) {
        String key = AdvisoryLocks.build(schema, projection);
        Connection connection = open(database, projection);
        try {
            if (SessionLocks.tryLock(connection, key)) {
                return Optional.of(new BuildClaim(connection, new BuildRegistry(schema), projection, key));
            }
            connection.close();
            return Optional.empty();
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            throw failure(projection, e);
        }
    }

    /** Waits up to {@code timeout} for the claim; then fails naming the builder. */
    public static BuildClaim claim(Database database, String schema, String projection, Duration timeout) {
        String key = AdvisoryLocks.build(schema, projection);
        Connection connection = open(database, projection);
        try {
            SessionLocks.lock(connection, key, timeout, "Another Refold instance built projection '" + projection + "'");
            return new BuildClaim(connection, new BuildRegistry(schema), projection, key);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            throw e instanceof RefoldException r ? r : failure(projection, e);
        }
    }

    /** Records this attempt's start, for the rate and ETA that {@code info} shows from any process. */
    public void starting(ProjectionDefinition definition) {
        try {
            registry.starting(connection, definition, Schemas.shadow(projection));
        } catch (SQLException e) {
            throw failure(projection, e);
        }
    }

    /** Releases the claim; the registry row goes first, so nobody sees a live builder without a row. */
    @Override
    public void close() {
        try {
            registry.finished(connection, projection, Schemas.shadow(projection));
            SessionLocks.unlock(connection, key);
        } catch (SQLException ignored) {
            // a broken connection: the lock went with it, and a stale row is read as abandoned
        } finally {
            closeQuietly(connection);
        }
    }

    private static Connection open(Database database, String projection) {
        try {
            Connection connection = database.sessionConnection();
            connection.setAutoCommit(true);
            return connection;
        } catch (SQLException e) {
            throw failure(projection, e);
        }
    }

    private static RefoldException failure(String projection, Exception e) {
        return new RefoldException("Cannot claim the build of projection '" + projection + "': " + e.getMessage(), e);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing more to release
        }
    }
}

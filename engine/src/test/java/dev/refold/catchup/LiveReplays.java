package dev.refold.catchup;

import dev.refold.internal.config.ResolvedProperties;
import dev.refold.internal.db.Database;
import dev.refold.internal.history.Checkpoints;
import dev.refold.internal.listener.Listeners;
import dev.refold.internal.log.EventCodec;
import dev.refold.internal.log.EventTypeRegistry;
import dev.refold.internal.log.UpcasterChain;
import dev.refold.internal.projection.DdlLocator;
import dev.refold.internal.projection.ProjectionDefinition;
import dev.refold.internal.replay.ReplayEngine;
import dev.refold.internal.replay.ReplayOutcome;
import dev.refold.internal.replay.ReplayTarget;
import dev.refold.projection.Projection;
import dev.refold.test.TestDatabase;

import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The replay engine itself, pointed at one projection's live read model, for tests that choose where a
 * catch-up stops: {@code apply(batchSize, maxBatches)} is one catch-up that "crashes" after that many batches.
 */
final class LiveReplays implements AutoCloseable {
    private final Database database;
    private final ReplayEngine replay;
    private final ProjectionDefinition projection;

    LiveReplays(TestDatabase db, Projection projection) {
        this.database = Database.open(ResolvedProperties.resolve(db.properties(), Map.of(), new Properties()), null);
        EventTypeRegistry types = new EventTypeRegistry();
        EventCodec codec = new EventCodec(types, new UpcasterChain(List.of()));
        this.projection = ProjectionDefinition.resolve(projection, types, new DdlLocator(getClass().getClassLoader()), "refold");
        this.replay = new ReplayEngine(database, "refold", new Checkpoints("refold"), codec, 100_000, 100_000, true,
                Listeners.NONE, java.time.Duration.ofSeconds(60));
    }

    ReplayOutcome apply(int batchSize, long maxBatches) {
        return replay.apply(projection, ReplayTarget.live(projection.name()), batchSize, maxBatches, false);
    }

    @Override
    public void close() {
        database.close();
    }
}

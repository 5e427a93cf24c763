package dev.refold.catchup;

import dev.refold.ProjectionBuildException;
import dev.refold.Refold;
import dev.refold.event.ExpectedVersion;
import dev.refold.fixtures.PostDeleted;
import dev.refold.fixtures.PostLiked;
import dev.refold.fixtures.PostPublished;
import dev.refold.internal.replay.ReplayOutcome;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static dev.refold.catchup.ReadModels.digestAndCleanRebuild;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Property: for any sequence of appends, any batch sizes and any crash points, a read model kept current
 * incrementally equals one rebuilt from the whole log.
 *
 * <p>Each case is generated from a seed shown in its name; {@code -Drefold.propertySeed=<seed>} replays one.
 * A case appends random events (publishes, likes and deletes of a few posts, one to five per transaction, so
 * that order matters), builds the read model from a prefix, then alternates appends with catch-ups that stop
 * after a random number of batches of random size, or crash in the middle of a batch (a handler throws, the
 * batch rolls back, the next catch-up starts from the checkpoint).
 */
@RefoldTest
class IncrementalBuildPropertyTest {
    private static final int CASES = 15;
    private static final int POSTS = 6;

    static LongStream seeds() {
        String replay = System.getProperty("refold.propertySeed");
        if (replay != null) {
            return LongStream.of(Long.parseLong(replay));
        }
        return new Random().longs(CASES);
    }

    @AfterEach
    void resetHooks() {
        LiveHooks.reset();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anIncrementalBuildWithCrashesEqualsAFullRebuild(long seed, TestDatabase db) throws Exception {
        Random random = new Random(seed);
        List<List<Object>> transactions = history(random);
        int built = random.nextInt(transactions.size());
        try (Refold refold = db.configure().projections(new CatchUpProjections.Likes()).load();
             LiveReplays live = new LiveReplays(db, new CatchUpProjections.Likes())) {
            int stream = 0;
            for (List<Object> events : transactions.subList(0, built)) {
                refold.events().append("s-" + stream++, ExpectedVersion.noStream(), events);
            }
            refold.migrate();
            for (List<Object> events : transactions.subList(built, transactions.size())) {
                refold.events().append("s-" + stream++, ExpectedVersion.noStream(), events);
                switch (random.nextInt(3)) {
                    case 0 -> live.apply(1 + random.nextInt(12), 1 + random.nextInt(4));
                    case 1 -> crashInABatch(live, random);
                    default -> {
                        // catch up later, several appends at once
                    }
                }
            }
            ReplayOutcome last;
            do {
                last = live.apply(1 + random.nextInt(12), 1 + random.nextInt(4));
            } while (!last.caughtUp());

            String[] digests = digestAndCleanRebuild(db, refold, CatchUpProjections.Likes.NAME);
            assertThat(digests[0]).as("seed %d: incremental = full rebuild", seed).isEqualTo(digests[1]);
        }
    }

    /** The {@code n}-th like this catch-up handles throws: the batch it is in never commits. */
    private static void crashInABatch(LiveReplays live, Random random) {
        int crashAt = 1 + random.nextInt(8);
        AtomicInteger likes = new AtomicInteger();
        LiveHooks.onLike((event, context) -> {
            if (likes.incrementAndGet() == crashAt) {
                throw new IllegalStateException("crash");
            }
        });
        Throwable crash = catchThrowable(() -> live.apply(1 + random.nextInt(12), Long.MAX_VALUE));
        LiveHooks.reset();
        if (crash != null) {
            assertThat(crash).isInstanceOf(ProjectionBuildException.class).hasRootCauseMessage("crash");
        }
    }

    /** 15 to 60 transactions of 1 to 5 events; a post is published before it is liked or deleted. */
    private static List<List<Object>> history(Random random) {
        Set<String> published = new HashSet<>();
        List<List<Object>> transactions = new ArrayList<>();
        int count = 15 + random.nextInt(46);
        for (int t = 0; t < count; t++) {
            List<Object> events = new ArrayList<>();
            for (int e = 1 + random.nextInt(5); e > 0; e--) {
                String post = "p-" + random.nextInt(POSTS);
                if (!published.contains(post)) {
                    published.add(post);
                    events.add(new PostPublished(post, "title of " + post, "ann"));
                } else if (random.nextInt(8) == 0) {
                    published.remove(post);
                    events.add(new PostDeleted(post));
                } else {
                    events.add(new PostLiked(post, "u" + random.nextInt(50)));
                }
            }
            transactions.add(events);
        }
        return transactions;
    }
}

package dev.refold.catchup;

import dev.refold.Refold;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.refold.catchup.ReadModels.number;
import static org.assertj.core.api.Assertions.assertThat;

@RefoldTest
class FourMigratorsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private static long waitingForTheLock(TestDatabase db) throws SQLException {
        return number(db, "select count(*) from pg_locks where locktype = 'advisory' and not granted"
                + " and database = (select oid from pg_database where datname = current_database())");
    }

    @Test
    void ofFourProcessesMigratingAtOnceExactlyOneBuildsAndTheOthersWaitForItWhenToldThenReportCurrent(TestDatabase db) throws Exception {
        try (Refold refold = db.configure().load()) {
            ReadModels.publish(refold, 100);
            ReadModels.like(refold, "likes", 1500, 100, new Random(7));
        }
        List<ChildJvm> children = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                children.add(ChildJvm.start(db, "migrate", Map.of("refold.batchSize", "20", "refold.waitForBuilds", "90")));
            }
            for (ChildJvm child : children) {
                child.await("READY", TIMEOUT);
            }
            try (Connection gate = db.connect(); Statement s = gate.createStatement()) {
                // The test holds the migration lock until all four queue for it, so that they really start at once
                // whatever the scheduler does; then they go.
                s.execute("select pg_advisory_lock(hashtext('refold.migrate:refold'))");
                for (ChildJvm child : children) {
                    child.send("go");
                }
                Awaitility.await().atMost(TIMEOUT).until(() -> waitingForTheLock(db) == 4);
                s.execute("select pg_advisory_unlock(hashtext('refold.migrate:refold'))");
            }
            int builds = 0;
            for (ChildJvm child : children) {
                builds += Integer.parseInt(child.await("BUILT ", TIMEOUT).substring("BUILT ".length()));
                assertThat(child.await("STATE ", TIMEOUT)).isEqualTo("STATE CURRENT");
                assertThat(child.waitFor(TIMEOUT)).as("exit status; stderr:%n%s", child.stderr()).isZero();
            }
            assertThat(builds).as("migrations that built the projection").isEqualTo(1);
            assertThat(number(db, "select count(*) from refold.projection_history where success")).isEqualTo(1);
            assertThat(number(db, "select count(*) from refold.projection_history where not success")).isZero();
            assertThat(ReadModels.totalLikes(db)).isEqualTo(1500);
        } finally {
            for (ChildJvm child : children) {
                child.close();
            }
        }
    }
}

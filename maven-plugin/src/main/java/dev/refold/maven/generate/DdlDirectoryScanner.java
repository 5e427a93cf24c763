package dev.refold.maven.generate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds each projection's newest DDL script under {@code db/refold/}: one directory per projection, holding
 * {@code V<version>__<Description>.sql} files, as the engine reads them from the class path.
 *
 * <p>Names are checked here with the engine's rule for projection names, because each one becomes a schema
 * name in SQL and a Java package name: a bad one should fail the build before any database starts.
 */
public final class DdlDirectoryScanner {
    /** The engine's rule for projection names; at most 63 bytes, PostgreSQL's identifier limit. */
    private static final Pattern PROJECTION_NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final int MAX_IDENTIFIER_BYTES = 63;
    private static final Pattern DDL_FILE = Pattern.compile("V([0-9]+)__([^/]+)\\.sql");

    private final Consumer<String> warnings;

    /** @param warnings receives one message per file that is ignored because its name does not follow the rule */
    public DdlDirectoryScanner(Consumer<String> warnings) {
        this.warnings = warnings;
    }

    /**
     * @return the newest script of each projection, sorted by projection name; empty when {@code root} does
     * not exist
     * @throws DdlException when a projection's name is not a valid identifier, two scripts claim the same
     *                      version, or a projection's directory holds no script at all
     */
    public List<ProjectionDdl> scan(Path root) throws DdlException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<ProjectionDdl> found = new ArrayList<>();
        for (Path directory : list(root)) {
            if (Files.isDirectory(directory)) {
                found.add(newest(directory));
            }
        }
        found.sort(Comparator.comparing(ProjectionDdl::projection));
        return found;
    }

    private ProjectionDdl newest(Path directory) throws DdlException {
        String projection = directory.getFileName().toString();
        checkProjectionName(projection, directory);
        TreeMap<Integer, Path> byVersion = new TreeMap<>();
        for (Path file : list(directory)) {
            String fileName = file.getFileName().toString();
            Matcher matcher = DDL_FILE.matcher(fileName);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            if (!matcher.matches()) {
                warnings.accept("Ignoring " + file + ": DDL scripts are named V<version>__<Description>.sql");
                continue;
            }
            int version = parseVersion(matcher.group(1), file);
            Path clash = byVersion.put(version, file);
            if (clash != null) {
                throw new DdlException("Projection '" + projection + "' has two scripts for version " + version
                        + ": " + clash.getFileName() + " and " + fileName + " (" + directory + ")");
            }
        }
        if (byVersion.isEmpty()) {
            throw new DdlException("Projection directory " + directory
                    + " holds no DDL script: add V<version>__<Description>.sql");
        }
        var newest = byVersion.lastEntry();
        return new ProjectionDdl(projection, newest.getKey(), newest.getValue());
    }

    private static void checkProjectionName(String projection, Path directory) throws DdlException {
        if (!PROJECTION_NAME.matcher(projection).matches()) {
            throw new DdlException("Invalid projection directory " + directory + ": a projection name must match "
                    + PROJECTION_NAME.pattern() + " (lower case, it is also a schema name)");
        }
        if (projection.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
            throw new DdlException("Invalid projection directory " + directory + ": a projection name is at most "
                    + MAX_IDENTIFIER_BYTES + " bytes long");
        }
    }

    private static int parseVersion(String digits, Path file) throws DdlException {
        try {
            int version = Integer.parseInt(digits);
            if (version > 0) {
                return version;
            }
        } catch (NumberFormatException tooLong) {
            // reported below
        }
        throw new DdlException("Invalid version in " + file + ": expected a whole number from 1 to " + Integer.MAX_VALUE);
    }

    private static List<Path> list(Path directory) throws DdlException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            throw new DdlException("Cannot list " + directory + ": " + e.getMessage(), e);
        }
    }
}

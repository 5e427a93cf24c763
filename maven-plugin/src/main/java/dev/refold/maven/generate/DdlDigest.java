package dev.refold.maven.generate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A SHA-256 over everything the generated code depends on: each projection's name, version and script, and
 * the generator settings. {@code generate} stores it next to its output and skips the database when it has
 * not changed, which keeps an unchanged build from paying for a PostgreSQL start.
 */
public final class DdlDigest {
    private DdlDigest() {
    }

    /**
     * @param settings anything else that shapes the output (the target package, the plugin's version), so a
     *                 change there regenerates too
     */
    public static String of(List<ProjectionDdl> scripts, String settings) throws DdlException {
        MessageDigest sha256 = sha256();
        update(sha256, settings);
        for (ProjectionDdl ddl : scripts) {
            update(sha256, ddl.projection());
            update(sha256, Integer.toString(ddl.version()));
            try {
                byte[] content = Files.readAllBytes(ddl.file());
                update(sha256, Integer.toString(content.length));
                sha256.update(content);
            } catch (IOException e) {
                throw new DdlException("Cannot read " + ddl.file() + ": " + e.getMessage(), e);
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** Each field is length-prefixed, so ("ab", "c") and ("a", "bc") cannot digest alike. */
    private static void update(MessageDigest digest, String field) {
        byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
        digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) ':');
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides SHA-256", e);
        }
    }
}

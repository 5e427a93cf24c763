package dev.refold.internal.projection;

/**
 * A projection's DDL file.
 *
 * @param resource    classpath location, for messages ("db/refold/posts/V2__Posts_with_authors.sql")
 * @param description from the file name, underscores as spaces, as Flyway does
 */
public record DdlScript(String resource, int version, String description, String sql) {
    /** Line endings normalised, so a checkout on Windows has the same checksum. */
    public String normalisedSql() {
        return sql.replace("\r\n", "\n").replace('\r', '\n');
    }
}

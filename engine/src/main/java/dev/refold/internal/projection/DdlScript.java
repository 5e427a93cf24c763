package dev.refold.internal.projection;

/**
 * A projection's DDL file.
 *
 * @param resource    classpath location, for messages ("db/refold/posts/V2__Posts_with_authors.sql")
 * @param version     the version in the file's name: the projection's own, or an earlier one whose DDL it reuses
 * @param description from the file name, underscores as spaces, as Flyway does
 */
public record DdlScript(String resource, int version, String description, String sql) {
    /** The file's name alone, as {@code info} shows which DDL a version uses ("V2__Posts_with_authors.sql"). */
    public String fileName() {
        return resource.substring(resource.lastIndexOf('/') + 1);
    }

    /** Line endings normalised, so a checkout on Windows has the same checksum. */
    public String normalisedSql() {
        return sql.replace("\r\n", "\n").replace('\r', '\n');
    }
}

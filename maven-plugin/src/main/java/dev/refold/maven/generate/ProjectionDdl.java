package dev.refold.maven.generate;

import java.nio.file.Path;

/**
 * The DDL script that defines a projection's read model at its newest version: the one {@code generate}
 * applies, because it is the shape the handlers write.
 *
 * @param projection the projection's name, which is also its PostgreSQL schema
 * @param version    the {@code <n>} of {@code V<n>__<Description>.sql}
 * @param file       the script
 */
public record ProjectionDdl(String projection, int version, Path file) {
}

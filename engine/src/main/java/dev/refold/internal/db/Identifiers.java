package dev.refold.internal.db;

import dev.refold.RefoldConfigurationException;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Every name Refold builds into SQL (projection names, schemas) passes through here: a strict pattern, at
 * most 63 bytes (PostgreSQL's limit, beyond which it silently truncates), and quoted on use.
 */
public final class Identifiers {
    private static final Pattern SAFE = Pattern.compile("[a-z_][a-z0-9_]*");

    private Identifiers() {
    }

    /** Returns {@code name} if it is safe, or throws naming what it is ({@code what}) and why it is rejected. */
    public static String require(String name, String what) {
        if (name == null || name.isEmpty()) {
            throw new RefoldConfigurationException(what + " is empty: expected a lower-case identifier matching " + SAFE.pattern());
        }
        if (!SAFE.matcher(name).matches()) {
            throw new RefoldConfigurationException(what + " '" + name + "' is not a safe identifier: expected lower-case letters,"
                    + " digits and underscores, starting with a letter or underscore (" + SAFE.pattern() + ")");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > 63) {
            throw new RefoldConfigurationException(what + " '" + name + "' is longer than PostgreSQL's 63-byte limit for identifiers");
        }
        return name;
    }

    /** {@code schema.name}, both quoted. */
    public static String qualified(String schema, String name) {
        return quote(schema) + "." + quote(name);
    }

    /** The identifier double-quoted for SQL; only ever called on names that passed {@link #require}. */
    public static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}

package dev.refold.internal.config;

/** What a property's value must look like; checked for every value given, wherever it comes from. */
enum PropertyKind {
    TEXT(null),
    BOOLEAN("true or false"),
    POSITIVE_INT("a positive whole number"),
    SECONDS("a whole number of seconds"),
    URL("a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database) or embedded");

    private final String expected;

    PropertyKind(String expected) {
        this.expected = expected;
    }

    /** What a valid value looks like, for the error message. */
    String expected() {
        return expected;
    }

    boolean accepts(String value) {
        return switch (this) {
            case TEXT -> true;
            case BOOLEAN -> "true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value);
            case POSITIVE_INT -> parsesAsLong(value) && Long.parseLong(value) > 0 && Long.parseLong(value) <= Integer.MAX_VALUE;
            case SECONDS -> parsesAsLong(value) && Long.parseLong(value) >= 0;
            case URL -> value.startsWith("jdbc:postgresql:") || RefoldProperty.EMBEDDED.equalsIgnoreCase(value);
        };
    }

    private static boolean parsesAsLong(String value) {
        try {
            Long.parseLong(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}

package dev.refold.internal.log;

/** Limits on what an event may carry, checked before anything reaches the database. */
public final class EventLimits {
    /**
     * Stream ids are keys of the log's unique (stream id, version) index, whose entries PostgreSQL limits to about
     * 2,700 bytes: 500 characters fit whatever the characters' UTF-8 length.
     */
    public static final int MAX_STREAM_ID_LENGTH = 500;

    private EventLimits() {
    }

    /**
     * Why PostgreSQL's jsonb would refuse this JSON text although it is valid JSON, or null when it accepts it:
     * jsonb has no place for the character U+0000, nor for a UTF-16 surrogate that is not part of a pair.
     */
    public static String jsonbRefusal(String json) {
        if (json.contains("\\u0000")) {
            return "it contains the character \\u0000, which PostgreSQL's jsonb cannot store";
        }
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < json.length() && Character.isLowSurrogate(json.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "it contains an unpaired UTF-16 surrogate, which PostgreSQL's jsonb cannot store";
            }
        }
        return null;
    }
}

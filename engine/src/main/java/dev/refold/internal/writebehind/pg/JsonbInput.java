package dev.refold.internal.writebehind.pg;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Whether PostgreSQL's jsonb input surely accepts a text, checked when the value is bound rather than when the row
 * is copied in: PostgreSQL raises the error at the statement, even if the value is overwritten later. Strict JSON
 * is required, and what jsonb refuses beyond JSON (the \u0000 escape, lone surrogates, numbers beyond numeric's
 * range) is left to PostgreSQL whenever it might occur: any \\u escape, any exponent of four digits or more.
 */
public final class JsonbInput {
    private static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern DOUBTFUL = Pattern.compile("\\\\u|[eE][+-]?\\d{4}|\\d{1000}");

    private JsonbInput() {
    }

    public static boolean accepts(String text) {
        if (text == null || DOUBTFUL.matcher(text).find()) {
            return false;
        }
        try {
            return !STRICT.readTree(text).isMissingNode(); // an empty text reads as "missing"; jsonb refuses it
        } catch (IOException | RuntimeException refused) {
            return false;
        }
    }
}

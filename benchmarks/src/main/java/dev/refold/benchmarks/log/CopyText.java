package dev.refold.benchmarks.log;

import java.io.IOException;
import java.io.Writer;

/** PostgreSQL's COPY text format: tab-separated fields, with backslash escapes and {@code \N} for null. */
public final class CopyText {
    private CopyText() {
    }

    public static void field(Writer out, String value) throws IOException {
        if (value == null) {
            out.write("\\N");
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.write("\\\\");
                case '\t' -> out.write("\\t");
                case '\n' -> out.write("\\n");
                case '\r' -> out.write("\\r");
                default -> out.write(c);
            }
        }
    }
}

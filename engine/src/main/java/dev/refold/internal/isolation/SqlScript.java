package dev.refold.internal.isolation;

import dev.refold.internal.statements.SqlPlaceholders;

import java.util.ArrayList;
import java.util.List;

/**
 * A DDL file cut into its statements, each with the offset it starts at. Run one by one, a refused statement
 * can be named even when PostgreSQL reports no position (a permission error has none), and the role can be
 * checked between statements. Quotes, dollar quotes and comments are respected; a {@code BEGIN ATOMIC} body
 * (semicolons without dollar quotes) is kept whole up to its {@code END}.
 */
public final class SqlScript {
    /** One statement of the script: its text and where it starts in the file. */
    public record Statement(String sql, int offset) {
        /** The 1-based line of {@code sql}'s start, or of the character {@code position} (1-based) inside it. */
        public int line(String script, int position) {
            int end = Math.min(script.length(), offset + Math.max(0, position - 1));
            int line = 1;
            for (int i = 0; i < end; i++) {
                if (script.charAt(i) == '\n') {
                    line++;
                }
            }
            return line;
        }

        /** The statement on one line, shortened, for a message. */
        public String summary() {
            String flat = sql.strip().replaceAll("\\s+", " ");
            return flat.length() <= 120 ? flat : flat.substring(0, 117) + "...";
        }
    }

    private SqlScript() {
    }

    public static List<Statement> split(String script) {
        List<Statement> statements = new ArrayList<>();
        int start = 0;
        int atomicDepth = 0;
        int i = 0;
        int n = script.length();
        while (i < n) {
            int lexemeEnd = SqlPlaceholders.skipLexeme(script, i);
            char c = script.charAt(i);
            if (lexemeEnd > i) {
                i = lexemeEnd;
            } else if (Character.isLetter(c) && (i == 0 || !isWordChar(script.charAt(i - 1)))) {
                int end = i;
                while (end < n && isWordChar(script.charAt(end))) {
                    end++;
                }
                String word = script.substring(i, end).toLowerCase(java.util.Locale.ROOT);
                if (word.equals("atomic") && previousWord(script, i).equals("begin")) {
                    atomicDepth++;
                } else if (word.equals("case") && atomicDepth > 0) {
                    atomicDepth++; // CASE ... END inside the body closes with the same keyword
                } else if (word.equals("end") && atomicDepth > 0) {
                    atomicDepth--;
                }
                i = end;
            } else if (c == ';' && atomicDepth == 0) {
                add(statements, script, start, i);
                start = i + 1;
                i++;
            } else {
                i++;
            }
        }
        add(statements, script, start, n);
        return statements;
    }

    private static void add(List<Statement> statements, String script, int from, int to) {
        String sql = script.substring(from, to);
        // Leading comments are left out, so that a message shows the statement and the line it starts on.
        int lead = leadingCommentsAndSpace(sql);
        if (lead < sql.length()) {
            statements.add(new Statement(sql.substring(lead), from + lead));
        }
    }

    private static int leadingCommentsAndSpace(String sql) {
        int i = 0;
        while (i < sql.length()) {
            if (Character.isWhitespace(sql.charAt(i))) {
                i++;
            } else if (sql.startsWith("--", i) || sql.startsWith("/*", i)) {
                i = SqlPlaceholders.skipLexeme(sql, i);
            } else {
                return i;
            }
        }
        return i;
    }

    private static String previousWord(String s, int before) {
        int end = before;
        while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        int start = end;
        while (start > 0 && isWordChar(s.charAt(start - 1))) {
            start--;
        }
        return s.substring(start, end).toLowerCase(java.util.Locale.ROOT);
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}

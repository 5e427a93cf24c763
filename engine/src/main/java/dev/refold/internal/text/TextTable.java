package dev.refold.internal.text;

import java.util.List;

/** Renders rows as a boxed text table, the way Flyway prints {@code info}; the engine and the plugin share it. */
public final class TextTable {
    private TextTable() {
    }

    /** The first row is the header; {@code whenEmpty} is printed under it when there are no other rows. */
    public static String render(List<String[]> rows, String whenEmpty) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder rule = new StringBuilder("+");
        for (int w : width) {
            rule.append("-".repeat(w + 2)).append('+');
        }
        StringBuilder out = new StringBuilder().append(rule).append('\n');
        for (int r = 0; r < rows.size(); r++) {
            out.append('|');
            for (int c = 0; c < columns; c++) {
                String cell = rows.get(r)[c];
                out.append(' ').append(cell).append(" ".repeat(width[c] - cell.length())).append(" |");
            }
            out.append('\n');
            if (r == 0) {
                out.append(rule).append('\n');
            }
        }
        if (rows.size() == 1) {
            out.append("| ").append(whenEmpty).append('\n');
        }
        return out.append(rule).toString();
    }
}

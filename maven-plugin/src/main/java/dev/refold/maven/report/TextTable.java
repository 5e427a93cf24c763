package dev.refold.maven.report;

import java.util.List;

/** Renders rows as a boxed text table, the same shape as the engine's {@code info} table. */
final class TextTable {
    private TextTable() {
    }

    /** The first row is the header. */
    static String render(List<String[]> rows) {
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
            if (r == 0 || r == rows.size() - 1) {
                out.append(rule).append('\n');
            }
        }
        return out.toString();
    }
}

package dev.refold.result;

import java.util.List;

/** Renders rows as a boxed text table, the way Flyway prints {@code info}. */
final class TextTable {
    private TextTable() {
    }

    static String render(List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder line = new StringBuilder("+");
        for (int w : width) {
            line.append("-".repeat(w + 2)).append('+');
        }
        StringBuilder out = new StringBuilder().append(line).append('\n');
        for (int r = 0; r < rows.size(); r++) {
            out.append('|');
            for (int c = 0; c < columns; c++) {
                String cell = rows.get(r)[c];
                out.append(' ').append(cell).append(" ".repeat(width[c] - cell.length())).append(" |");
            }
            out.append('\n');
            if (r == 0) {
                out.append(line).append('\n');
            }
        }
        if (rows.size() == 1) {
            out.append("| No projections found").append('\n');
        }
        return out.append(line).toString();
    }
}

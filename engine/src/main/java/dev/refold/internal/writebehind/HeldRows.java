package dev.refold.internal.writebehind;

import dev.refold.internal.db.CopyCsv;
import dev.refold.internal.db.Identifiers;
import dev.refold.internal.writebehind.pg.HeldColumn;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Rows taken out of write-behind's tables, to be copied into the shadow in the writer's transaction. */
public final class HeldRows {
    private record TableRows(String qualifiedName, HeldColumn[] columns, Collection<Object[]> rows) {
    }

    private final List<TableRows> tables = new ArrayList<>();

    void add(String schema, HeldTable table, Collection<Object[]> rows) {
        if (!rows.isEmpty()) {
            tables.add(new TableRows(Identifiers.qualified(schema, table.name()), table.columns(), rows));
        }
    }

    public boolean isEmpty() {
        return tables.isEmpty();
    }

    /** COPYs the rows in. A value PostgreSQL refuses fails the COPY, and the caller's transaction with it. */
    public void copyInto(Connection connection) throws SQLException {
        for (TableRows table : tables) {
            HeldColumn[] columns = table.columns();
            StringBuilder names = new StringBuilder();
            for (HeldColumn column : columns) {
                names.append(names.length() == 0 ? "" : ", ").append(Identifiers.quote(column.name()));
            }
            CopyCsv.copyIn(connection, table.qualifiedName(), names.toString(), table.rows(), (row, csv) -> {
                for (int c = 0; c < row.length; c++) {
                    CopyCsv.field(csv, c == 0, row[c] == null ? null : columns[c].type().text(row[c]));
                }
            });
        }
    }
}

package dev.refold.internal.replay.writebehind;

import dev.refold.internal.db.CopyCsv;
import dev.refold.internal.db.Identifiers;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Rows taken out of write-behind's tables, to be copied into the shadow in the writer's transaction. */
public final class HeldRows {
    /** Characters of CSV per write to the COPY stream: bounded, so that a large flush needs no second copy of it all. */
    private static final int CHUNK = 1 << 20;

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
        PGConnection pg = connection.unwrap(PGConnection.class);
        for (TableRows table : tables) {
            StringBuilder columnList = new StringBuilder();
            for (HeldColumn column : table.columns()) {
                columnList.append(columnList.length() == 0 ? "" : ", ").append(Identifiers.quote(column.name()));
            }
            CopyIn copy = pg.getCopyAPI().copyIn("copy " + table.qualifiedName() + " (" + columnList + ") from stdin (format csv)");
            try {
                StringBuilder csv = new StringBuilder(CHUNK + 4096);
                for (Object[] row : table.rows()) {
                    for (int c = 0; c < row.length; c++) {
                        CopyCsv.field(csv, c == 0, row[c] == null ? null : table.columns()[c].type().text(row[c]));
                    }
                    csv.append('\n');
                    if (csv.length() >= CHUNK) {
                        write(copy, csv);
                    }
                }
                write(copy, csv);
                copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        }
    }

    private static void write(CopyIn copy, StringBuilder csv) throws SQLException {
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        csv.setLength(0);
    }
}

package dev.refold.maven.generate;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Applies a projection's DDL inside a schema of the projection's name, the way the engine does it: the
 * script uses unqualified table names and {@code search_path} points them at the schema.
 */
public final class DdlApplier {
    private final Connection connection;

    /** @param connection a connection in simple query mode, so that error positions count from the script's start */
    public DdlApplier(Connection connection) {
        this.connection = connection;
    }

    public void apply(ProjectionDdl ddl) throws DdlException {
        String script = read(ddl.file());
        // The name was checked against [a-z][a-z0-9_]* by the scanner; quoting keeps it exactly as written.
        String schema = '"' + ddl.projection() + '"';
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
            statement.execute("SET search_path TO " + schema);
        } catch (SQLException e) {
            throw new DdlException("Cannot create schema " + schema + " for projection '" + ddl.projection() + "': "
                    + e.getMessage(), e);
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(script);
        } catch (SQLException e) {
            throw new DdlException(describeFailure(ddl, script, e), e);
        }
    }

    /** "V2__Orders.sql line 3: ERROR: syntax error at or near "TABEL"" with the full path, for the build log. */
    static String describeFailure(ProjectionDdl ddl, String script, SQLException e) {
        StringBuilder message = new StringBuilder("DDL of projection '").append(ddl.projection())
                .append("' failed: ").append(ddl.file());
        ServerErrorMessage server = e instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
        if (server != null && server.getPosition() > 0 && server.getPosition() <= script.length() + 1) {
            message.append(" line ").append(lineOf(script, server.getPosition()));
        }
        message.append(": ");
        if (server != null) {
            message.append(server.getSeverity()).append(": ").append(server.getMessage());
            if (server.getDetail() != null) {
                message.append(" (").append(server.getDetail()).append(')');
            }
            if (server.getHint() != null) {
                message.append(" Hint: ").append(server.getHint());
            }
        } else {
            message.append(e.getMessage());
        }
        return message.toString();
    }

    /** PostgreSQL's position is 1-based and counts characters. */
    static int lineOf(String script, int position) {
        int line = 1;
        int end = Math.min(position - 1, script.length());
        for (int i = 0; i < end; i++) {
            if (script.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String read(Path file) throws DdlException {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new DdlException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}

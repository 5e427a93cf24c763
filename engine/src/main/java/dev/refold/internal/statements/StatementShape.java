package dev.refold.internal.statements;

import java.util.List;

/**
 * One distinct SQL text handlers ran: its server-side prepared name, the parameter types PostgreSQL inferred for
 * it, and its branch in {@link ApplyFunction} (-1 when it has none).
 */
final class StatementShape {
    private final String sql;
    private final String preparedName;
    private final List<String> parameterTypes;
    private int branch = -1;

    StatementShape(String sql, String preparedName, List<String> parameterTypes) {
        this.sql = sql;
        this.preparedName = preparedName;
        this.parameterTypes = List.copyOf(parameterTypes);
    }

    String sql() {
        return sql;
    }

    String preparedName() {
        return preparedName;
    }

    List<String> parameterTypes() {
        return parameterTypes;
    }

    int branch() {
        return branch;
    }

    void branch(int branch) {
        this.branch = branch;
    }
}

/**
 * PostgreSQL's value rules that write-behind must follow to hold a row exactly: column types and operator type
 * resolution ({@code ColumnType}), integer ranges, numeric rounding and varchar lengths ({@code HeldColumn}), SET
 * expressions ({@code Expression}), jsonb input ({@code JsonbInput}). No JDBC: the rules are tested in memory, and
 * against real INSERTs by {@code PostgresArithmeticContractTest}. The one jOOQ type left is {@code JSONB}, the value
 * class jOOQ binds jsonb as.
 */
package dev.refold.internal.writebehind.pg;

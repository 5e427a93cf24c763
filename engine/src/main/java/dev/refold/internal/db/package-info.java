/**
 * The database underneath: the data source and its pool, the embedded PostgreSQL, connection-failure messages,
 * advisory-lock keys, COPY, and {@code Identifiers} (the strict pattern names must match, and quoting).
 */
package dev.refold.internal.db;

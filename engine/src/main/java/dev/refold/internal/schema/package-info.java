/**
 * Refold's own tables: {@code RefoldSchema} applies the Liquibase changelog shipped in the engine,
 * {@code refold/db/changelog/refold-changelog.xml}, which a team may also include in its own master changelog.
 */
package dev.refold.internal.schema;

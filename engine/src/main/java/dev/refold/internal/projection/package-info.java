/**
 * A {@code Projection} resolved for use: its DDL located on the classpath ({@code DdlLocator}), its handlers and fold
 * steps bound by event type, and its checksum over DDL, bytecode and handled types ({@code ProjectionChecksum}).
 */
package dev.refold.internal.projection;

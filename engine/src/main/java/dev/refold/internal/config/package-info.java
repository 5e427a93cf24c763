/**
 * Property resolution in Flyway's order: the API or command line, then system properties, then {@code REFOLD_*}
 * environment variables, then the config file, then defaults ({@code RefoldProperty} names every property once).
 */
package dev.refold.internal.config;

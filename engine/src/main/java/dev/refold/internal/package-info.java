/**
 * Refold's implementation. <b>No compatibility promise</b>: anything in {@code dev.refold.internal} and its
 * subpackages may change or disappear in any release; applications use {@code dev.refold}, {@code dev.refold.event},
 * {@code dev.refold.projection} and {@code dev.refold.result} only. {@code Engine} wires the packages together and
 * closes them; every operation is a command of {@code internal.command}. Dependencies point one way:
 * command → build → replay → {statements ← writebehind, log, history, projection}, and catchup → replay.
 */
package dev.refold.internal;

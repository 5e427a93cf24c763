package dev.refold.listener;

import java.time.Duration;

/** @param lock what was locked, e.g. {@code migration of schema 'refold'} */
public record LockWaited(String lock, Duration waited) {
}

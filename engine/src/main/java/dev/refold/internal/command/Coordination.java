package dev.refold.internal.command;

import java.time.Duration;

/**
 * What the commands need to coordinate with other instances.
 *
 * @param lockTimeout   how long to wait for a lock held by another instance ({@code refold.lockTimeout})
 * @param waitForBuilds how long {@code migrate} waits for builds another instance runs ({@code refold.waitForBuilds}):
 *                      zero returns at once, listing them
 */
public record Coordination(String schema, Duration lockTimeout, Duration waitForBuilds) {
}

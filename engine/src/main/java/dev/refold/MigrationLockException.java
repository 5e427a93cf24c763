package dev.refold;

/**
 * Another instance held one of Refold's locks (planning, a projection's build, a live read model) for longer
 * than {@code refold.lockTimeout}; the message names the holder.
 */
public class MigrationLockException extends RefoldException {
    public MigrationLockException(String message) {
        super(message);
    }
}

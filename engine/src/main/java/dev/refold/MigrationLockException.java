package dev.refold;

/** Another instance held the migration lock for longer than {@code refold.lockTimeout}. */
public class MigrationLockException extends RefoldException {
    public MigrationLockException(String message) {
        super(message);
    }
}

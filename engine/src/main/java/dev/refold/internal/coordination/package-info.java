/**
 * Who may do what, across instances: the per-projection build claim ({@link dev.refold.internal.coordination.BuildClaim}),
 * the live read model's lock ({@link dev.refold.internal.coordination.LiveLock}), who holds a lock
 * ({@link dev.refold.internal.coordination.LockHolders}), and the builds in progress as another process sees them
 * ({@link dev.refold.internal.coordination.BuildRegistry}). All of it is PostgreSQL session advisory locks, which the
 * server releases with the connection, so a killed instance never leaves a claim behind.
 */
package dev.refold.internal.coordination;

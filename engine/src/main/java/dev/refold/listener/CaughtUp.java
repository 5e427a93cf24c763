package dev.refold.listener;

/**
 * @param rebuild  true for a rebuild's shadow read model, false for the live one
 * @param position the checkpoint: every event up to it that the projection handles is applied
 */
public record CaughtUp(String projection, int version, boolean rebuild, long position) {
}

package dev.refold.listener;

/**
 * @param previousVersion the version serving now, or null when the projection was never built
 */
public record BuildStarted(String projection, int version, Integer previousVersion) {
}

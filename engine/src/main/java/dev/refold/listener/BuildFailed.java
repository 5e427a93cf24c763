package dev.refold.listener;

import dev.refold.ProjectionBuildException;

/** @param failure names the projection and, when an event was at fault, its position and type */
public record BuildFailed(String projection, int version, ProjectionBuildException failure) {
}

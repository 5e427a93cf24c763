package dev.refold.result;

import java.util.List;

/**
 * What {@code repair} changed.
 *
 * @param realigned projections whose recorded checksum was set to the declared one
 * @param removedFailures projections whose failed history entries were removed
 */
public record RepairResult(List<String> realigned, List<String> removedFailures) {
}

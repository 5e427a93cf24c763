package dev.refold.result;

import dev.refold.internal.text.ResultJson;

import java.util.List;

/**
 * What {@code repair} changed.
 *
 * @param realigned projections whose recorded checksum was set to the declared one
 * @param removedFailures projections whose failed history entries were removed
 */
public record RepairResult(List<String> realigned, List<String> removedFailures) {

    /** This result as JSON (see the README's "Machine-readable output"): {@code realigned} and {@code removedFailures}. */
    public String toJson() {
        return ResultJson.write(this);
    }
}

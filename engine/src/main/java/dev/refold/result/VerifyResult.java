package dev.refold.result;

import dev.refold.internal.text.ResultJson;

import java.util.List;

/** The CI check: for each projection, a from-scratch build and an incremental one, compared by digest. */
public record VerifyResult(List<ProjectionVerification> projections, long events) {
    public boolean passed() {
        return projections.stream().allMatch(ProjectionVerification::passed);
    }

    /** This result as JSON (see the README's "Machine-readable output"): {@code projections} (each with its components and {@code passed}), {@code events} and {@code passed}. */
    public String toJson() {
        return ResultJson.write(this);
    }

    /**
     * @param fullDigest        digest of the read model built from scratch in one pass
     * @param incrementalDigest digest of the read model built in small batches with restarts
     * @param failure           a handler or DDL error, or null
     */
    public record ProjectionVerification(String projection, int version, long eventsReplayed, String fullDigest,
                                         String incrementalDigest, String failure) {
        public boolean passed() {
            return failure == null && fullDigest != null && fullDigest.equals(incrementalDigest);
        }
    }
}

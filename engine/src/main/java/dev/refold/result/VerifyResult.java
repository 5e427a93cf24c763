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
     * @param eventsRead        events of the log both builds went over (all of them, of every type, up to the log's
     *                          head: verify fails a build that stopped short)
     * @param eventsReplayed    events of the types the projection handles, applied by each build
     * @param fullDigest        digest of the read model built from scratch in one pass
     * @param incrementalDigest digest of the read model built in small batches with restarts, written event by event
     *                          as live catch-up writes
     * @param failure           a handler or DDL error, a build that did not cover the whole log, or null
     */
    public record ProjectionVerification(String projection, int version, long eventsRead, long eventsReplayed,
                                         String fullDigest, String incrementalDigest, String failure) {
        /** Without the events read (as before they were reported): taken to be the events replayed. */
        public ProjectionVerification(String projection, int version, long eventsReplayed, String fullDigest,
                                      String incrementalDigest, String failure) {
            this(projection, version, eventsReplayed, eventsReplayed, fullDigest, incrementalDigest, failure);
        }

        public boolean passed() {
            return failure == null && fullDigest != null && fullDigest.equals(incrementalDigest);
        }
    }
}

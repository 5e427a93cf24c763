package dev.refold.internal.replay;

import dev.refold.ProjectionBuildException;
import dev.refold.event.EventDecodingException;
import dev.refold.internal.isolation.WriteRefusal;
import dev.refold.internal.log.LogRow;
import dev.refold.internal.projection.ProjectionDefinition;

/**
 * The one place a handler is called and its failure wrapped. Handlers may throw checked exceptions; they are
 * carried out of jOOQ's and deferral's blocks as {@link HandlerFailure}, and only {@link #failure} turns any of
 * them (or a write's failure) into the error the user reads, naming the event.
 */
final class HandlerInvoker {
    private HandlerInvoker() {
    }

    /** A handler call: an {@code EventHandler}, a fold step, or anything else user code does for one event. */
    @FunctionalInterface
    interface Call {
        void run() throws Exception;
    }

    static void invoke(Call call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new HandlerFailure(e);
        }
    }

    /** The error reported for the event at {@code row}: the projection, the position, the type, the stream, the cause. */
    static ProjectionBuildException failure(ProjectionDefinition projection, LogRow row, RuntimeException e) {
        Throwable cause = e instanceof HandlerFailure ? e.getCause() : e;
        String detail = cause instanceof EventDecodingException ? cause.getMessage() : cause.toString();
        detail = WriteRefusal.describe(cause) + detail; // isolation: name the table it tried to write
        return new ProjectionBuildException(projection.name(), projection.version(), row.position(), row.type(),
                "Projection '" + projection.name() + "' v" + projection.version() + " failed at event position "
                        + row.position() + " (" + row.type() + " v" + row.typeVersion() + ", stream " + row.streamId()
                        + "): " + detail, cause);
    }

    /** Carries a handler's checked exception, or a decoding error, out of jOOQ's batched block. */
    static final class HandlerFailure extends RuntimeException {
        HandlerFailure(Throwable cause) {
            super(cause);
        }
    }
}

package dev.refold.internal.listener;

import dev.refold.listener.BatchApplied;
import dev.refold.listener.BuildFailed;
import dev.refold.listener.BuildProgress;
import dev.refold.listener.BuildStarted;
import dev.refold.listener.CaughtUp;
import dev.refold.listener.LiveFailure;
import dev.refold.listener.LockWaited;
import dev.refold.listener.RefoldListener;
import dev.refold.result.BuildResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Consumer;

/**
 * The one object the engine's internals report to: it passes each call to every registered listener, and a
 * listener's exception is logged, never thrown into a build or a catch-up round.
 */
public final class Listeners implements RefoldListener {
    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);
    public static final Listeners NONE = new Listeners(List.of());

    private final List<RefoldListener> listeners;

    public Listeners(List<RefoldListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /** Whether anyone listens: reports that cost a query are skipped when not. */
    public boolean active() {
        return !listeners.isEmpty();
    }

    private void each(Consumer<RefoldListener> call) {
        for (RefoldListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("Refold listener {} failed; ignored", listener.getClass().getName(), e);
            }
        }
    }

    @Override
    public void buildStarted(BuildStarted event) {
        each(l -> l.buildStarted(event));
    }

    @Override
    public void buildProgress(BuildProgress event) {
        each(l -> l.buildProgress(event));
    }

    @Override
    public void buildFinished(BuildResult result) {
        each(l -> l.buildFinished(result));
    }

    @Override
    public void buildFailed(BuildFailed event) {
        each(l -> l.buildFailed(event));
    }

    @Override
    public void batchApplied(BatchApplied event) {
        each(l -> l.batchApplied(event));
    }

    @Override
    public void caughtUp(CaughtUp event) {
        each(l -> l.caughtUp(event));
    }

    @Override
    public void liveFailed(LiveFailure event) {
        each(l -> l.liveFailed(event));
    }

    @Override
    public void lockWaited(LockWaited event) {
        each(l -> l.lockWaited(event));
    }
}

package dev.refold.spring.boot.autoconfigure;

import dev.refold.Refold;
import org.springframework.context.SmartLifecycle;

/**
 * Live catch-up runs while the context runs: it starts once every bean is ready (after the startup
 * migration) and stops, committing its batch in flight, before the beans are destroyed.
 */
public class RefoldLiveCatchUp implements SmartLifecycle {
    private final Refold refold;
    private volatile boolean running;

    public RefoldLiveCatchUp(Refold refold) {
        this.refold = refold;
    }

    @Override
    public void start() {
        refold.start();
        running = true;
    }

    @Override
    public void stop() {
        refold.stop();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}

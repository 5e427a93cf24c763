package dev.refold.benchmarks.measure;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Two views of an approach's heap, taken while it runs:
 * <ul>
 *   <li><b>peak used</b>: used heap sampled every few milliseconds on a daemon thread, the maximum kept. It
 *       includes garbage not yet collected, so it grows with whatever heap the collector is allowed;</li>
 *   <li><b>peak live</b>: the largest heap left after any collection during the run, which is what the
 *       approach really retains, and what decides whether it fits in a small {@code -Xmx}.</li>
 * </ul>
 * A peak between two samples, or between two collections, is missed: these are close estimates, not exact.
 */
public final class HeapSampler implements AutoCloseable {
    private static final long PERIOD_MILLIS = 5;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener afterGc = this::afterCollection;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peakUsed;
    private volatile long peakLive;

    private HeapSampler() {
        peakUsed = used();
        peakLive = peakUsed; // right after System.gc(): all of it is live
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(afterGc, null, null);
                emitters.add(emitter);
            }
        }
        thread = new Thread(this::sample, "heap-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** Collects garbage first, so every approach starts from the same baseline. */
    public static HeapSampler start() {
        System.gc();
        return new HeapSampler();
    }

    private void sample() {
        while (running) {
            record();
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void record() {
        long used = used();
        if (used > peakUsed) {
            peakUsed = used;
        }
    }

    private synchronized void afterCollection(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long live = 0;
        for (var pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                MemoryUsage usage = pool.getValue();
                live += usage.getUsed();
            }
        }
        if (live > peakLive) {
            peakLive = live;
        }
    }

    private long used() {
        return memory.getHeapMemoryUsage().getUsed();
    }

    public long peakUsedBytes() {
        record();
        return peakUsed;
    }

    public long peakLiveBytes() {
        return peakLive;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(afterGc);
            } catch (ListenerNotFoundException e) {
                // already gone: nothing to undo
            }
        }
    }
}

package dev.refold.spring.boot.autoconfigure;

import dev.refold.listener.BuildFailed;
import dev.refold.listener.BuildProgress;
import dev.refold.listener.BuildStarted;
import dev.refold.listener.RefoldListener;
import dev.refold.result.BuildResult;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Which projections are being rebuilt right now, and how far each has got: what {@code info} cannot tell. */
public class RefoldActivity implements RefoldListener {
    private final Map<String, Building> building = new ConcurrentHashMap<>();

    /** A rebuild in progress; {@code progress} is null until its replay first reports. */
    public record Building(String projection, int version, BuildProgress progress) {
        public double fractionDone() {
            return progress == null ? 0 : progress.fractionDone();
        }
    }

    @Override
    public void buildStarted(BuildStarted event) {
        building.put(event.projection(), new Building(event.projection(), event.version(), null));
    }

    @Override
    public void buildProgress(BuildProgress event) {
        building.put(event.projection(), new Building(event.projection(), event.version(), event));
    }

    @Override
    public void buildFinished(BuildResult result) {
        building.remove(result.projection());
    }

    @Override
    public void buildFailed(BuildFailed event) {
        building.remove(event.projection());
    }

    /** The rebuilds in progress, by projection. */
    public Map<String, Building> building() {
        return Map.copyOf(building);
    }
}

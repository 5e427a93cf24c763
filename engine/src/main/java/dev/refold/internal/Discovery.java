package dev.refold.internal;

import dev.refold.RefoldConfigurationException;
import dev.refold.internal.config.RefoldProperty;
import dev.refold.internal.config.ResolvedProperties;
import dev.refold.internal.log.EventTypeRegistry;
import dev.refold.internal.log.JdbcEventLog;
import dev.refold.internal.log.UpcasterChain;
import dev.refold.internal.projection.DdlLocator;
import dev.refold.internal.projection.ProjectionDefinition;
import dev.refold.projection.Projection;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

/** What the engine opens with: the declared and discovered projections and upcasters, checked before use. */
final class Discovery {
    private Discovery() {
    }

    /**
     * The given instances plus those {@link ServiceLoader} finds (projections and upcasters alike), so that the
     * Maven plugin and the application load the same set; one instance per class.
     */
    static <T> List<T> discovered(List<T> declared, Class<T> type, ResolvedProperties properties, ClassLoader loader) {
        List<T> all = new ArrayList<>(declared);
        if (properties.bool(RefoldProperty.DISCOVER_PROJECTIONS)) {
            Set<Class<?>> seen = new HashSet<>();
            declared.forEach(p -> seen.add(p.getClass()));
            try {
                for (T found : ServiceLoader.load(type, loader)) {
                    if (seen.add(found.getClass())) {
                        all.add(found);
                    }
                }
            } catch (ServiceConfigurationError e) {
                throw new RefoldConfigurationException("Cannot load a class listed in META-INF/services/" + type.getName()
                        + ": " + e.getMessage() + " (it needs a public no-argument constructor)");
            }
        }
        return all;
    }

    static List<ProjectionDefinition> define(List<Projection> declared, EventTypeRegistry types, DdlLocator ddl,
                                             String schema) {
        Map<String, ProjectionDefinition> byName = new LinkedHashMap<>();
        for (Projection p : declared) {
            ProjectionDefinition d = ProjectionDefinition.resolve(p, types, ddl, schema);
            if (byName.put(d.name(), d) != null) {
                throw new RefoldConfigurationException("Two projections are named '" + d.name() + "'");
            }
        }
        return List.copyOf(byName.values());
    }

    /** Gaps are reported when the log is opened, not when an old event happens to be read. */
    static void checkUpcasterChains(JdbcEventLog log, EventTypeRegistry types, UpcasterChain chain) {
        List<String> gaps = new ArrayList<>();
        log.oldestStoredVersions().forEach((type, oldest) -> {
            int current = types.currentVersion(type);
            if (current > oldest) {
                List<String> missing = chain.gaps(type, oldest, current);
                if (!missing.isEmpty()) {
                    gaps.add(type + " (the log holds v" + oldest + ", the code reads v" + current + "; missing "
                            + String.join(", ", missing) + ")");
                }
            }
        });
        if (!gaps.isEmpty()) {
            throw new RefoldConfigurationException("Upcaster chain incomplete for " + String.join("; ", gaps));
        }
    }
}

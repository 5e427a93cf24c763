package dev.refold.internal.projection;

import dev.refold.RefoldConfigurationException;
import dev.refold.event.EventType;
import dev.refold.internal.db.Identifiers;
import dev.refold.internal.log.EventTypeRegistry;
import dev.refold.projection.EventHandler;
import dev.refold.projection.FoldHandler;
import dev.refold.projection.FoldSpec;
import org.jooq.Table;
import org.jooq.UpdatableRecord;
import dev.refold.projection.Projection;
import dev.refold.projection.ProjectionSpec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A {@link Projection} resolved: its handlers by event type name, its DDL and its checksum. A missing DDL
 * file does not stop loading; it is a {@link #problem()} that {@code validate} reports with the others.
 */
public final class ProjectionDefinition {
    private static final Set<String> RESERVED = Set.of("public", "information_schema", "refold");

    private final Projection projection;
    private final String name;
    private final int version;
    private final Map<String, List<HandlerBinding>> handlers;
    private final DdlScript ddl;
    private final String problem;
    private final String checksum;
    private final FoldBinding fold;
    private final boolean ignoresUpdateCounts;
    private volatile UpdateCountProof.Verdict countProof;

    private ProjectionDefinition(Projection projection, Map<String, List<HandlerBinding>> handlers, DdlScript ddl,
                                 String problem, String checksum, FoldBinding fold, boolean ignoresUpdateCounts) {
        this.fold = fold;
        this.ignoresUpdateCounts = ignoresUpdateCounts;
        this.projection = projection;
        this.name = projection.name();
        this.version = projection.version();
        this.handlers = handlers;
        this.ddl = ddl;
        this.problem = problem;
        this.checksum = checksum;
    }

    public static ProjectionDefinition resolve(Projection projection, EventTypeRegistry types, DdlLocator ddlLocator,
                                               String refoldSchema) {
        String name = Identifiers.require(projection.name(), "Projection name");
        if (RESERVED.contains(name) || name.equals(refoldSchema) || name.startsWith("pg_") || name.startsWith("refold_")) {
            throw new RefoldConfigurationException("Projection name '" + name + "' is reserved: it would collide with a"
                    + " system or Refold schema; choose another name");
        }
        if (projection.version() < 1) {
            throw new RefoldConfigurationException("Projection '" + name + "' has version " + projection.version()
                    + ": versions start at 1");
        }
        Map<String, List<HandlerBinding>> handlers = new LinkedHashMap<>();
        SortedSet<String> handled = new TreeSet<>();
        FoldBinding[] fold = new FoldBinding[1];
        boolean[] ignoresCounts = new boolean[1];
        ProjectionSpec collecting = new ProjectionSpec() {
            @Override
            public <R extends UpdatableRecord<R>> FoldSpec<R> fold(Table<R> table) {
                if (fold[0] != null) {
                    throw new RefoldConfigurationException("Projection '" + name + "' declares more than one fold");
                }
                fold[0] = new FoldBinding(name, table);
                return new FoldSpec<>() {
                    @Override
                    public <E> FoldSpec<R> on(Class<E> eventType, Function<? super E, ?> key, FoldHandler<? super E, R> handler) {
                        EventType identity = types.register(eventType);
                        fold[0].add(identity.name(), key, handler);
                        handlers.computeIfAbsent(identity.name(), k -> new ArrayList<>());
                        handled.add(identity.name() + ":" + identity.version() + ":fold");
                        return this;
                    }
                };
            }

            @Override
            public ProjectionSpec ignoresUpdateCounts() {
                ignoresCounts[0] = true;
                return this;
            }

            @Override
            public <E> ProjectionSpec on(Class<E> eventType, EventHandler<? super E> handler) {
                return add(eventType, handler, false);
            }

            @Override
            public <E> ProjectionSpec onLive(Class<E> eventType, EventHandler<? super E> handler) {
                return add(eventType, handler, true);
            }

            @SuppressWarnings("unchecked")
            private ProjectionSpec add(Class<?> eventType, EventHandler<?> handler, boolean liveOnly) {
                EventType identity = types.register(eventType);
                handlers.computeIfAbsent(identity.name(), k -> new ArrayList<>())
                        .add(new HandlerBinding(eventType, (EventHandler<Object>) handler, liveOnly));
                handled.add(identity.name() + ":" + identity.version() + (liveOnly ? ":live" : ""));
                return this;
            }
        };
        try {
            projection.define(collecting);
        } catch (RefoldConfigurationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RefoldConfigurationException("Projection '" + name + "' (" + projection.getClass().getName()
                    + ") failed in define(spec): " + e);
        }
        if (handlers.isEmpty()) {
            throw new RefoldConfigurationException("Projection '" + name + "' registers no handlers in define(spec)");
        }
        if (fold[0] != null && handlers.values().stream().flatMap(List::stream).anyMatch(h -> !h.liveOnly())) {
            throw new RefoldConfigurationException("Projection '" + name + "' mixes on(...) handlers with a fold:"
                    + " a projection is either handler-style or fold-style (onLive goes with both)");
        }
        DdlScript ddl = null;
        String problem = null;
        try {
            ddl = ddlLocator.locate(name, projection.version());
        } catch (DdlLocator.MissingDdl e) {
            problem = e.getMessage();
        }
        String checksum = ProjectionChecksum.of(ddl, projection.getClass(), handled);
        return new ProjectionDefinition(projection, Collections.unmodifiableMap(handlers), ddl, problem, checksum, fold[0],
                ignoresCounts[0]);
    }

    public String name() {
        return name;
    }

    public int version() {
        return version;
    }

    public String description() {
        return ddl == null ? "" : ddl.description();
    }

    public DdlScript ddl() {
        return ddl;
    }

    /** Why this projection cannot be built (a missing DDL file), or null. */
    public String problem() {
        return problem;
    }

    public String checksum() {
        return checksum;
    }

    public Projection projection() {
        return projection;
    }

    /** Handlers by stored event type name. */
    public Map<String, List<HandlerBinding>> handlers() {
        return handlers;
    }

    /** The fold of a fold-style projection, or null for a handler-style one. */
    public FoldBinding fold() {
        return fold;
    }

    /** The projection promised, with {@code ignoresUpdateCounts()}, that its handlers never read update counts. */
    public boolean ignoresUpdateCounts() {
        return ignoresUpdateCounts;
    }

    /** Whether the handlers' bytecode proves that update counts are never read; computed once, when first asked. */
    public UpdateCountProof.Verdict countProof() {
        UpdateCountProof.Verdict verdict = countProof;
        if (verdict == null) {
            List<Object> registered = new ArrayList<>();
            handlers.values().forEach(list -> list.forEach(binding -> registered.add(binding.handler())));
            if (fold != null) {
                registered.addAll(fold.functions());
            }
            verdict = UpdateCountProof.of(projection.getClass(), registered);
            countProof = verdict;
        }
        return verdict;
    }

    public List<String> handledTypeNames() {
        return List.copyOf(handlers.keySet());
    }
}

package dev.refold.spring.boot.autoconfigure;

import java.util.List;

/**
 * Event classes the log must read that no projection handles (events only aggregates fold), declared as a
 * bean: {@code @Bean RefoldEventTypes orderEvents() { return RefoldEventTypes.of(OrderPlaced.class, ...); }}.
 * Those the projections handle are registered already.
 */
public record RefoldEventTypes(List<Class<?>> types) {

    public RefoldEventTypes {
        types = List.copyOf(types);
    }

    public static RefoldEventTypes of(Class<?>... types) {
        return new RefoldEventTypes(List.of(types));
    }
}

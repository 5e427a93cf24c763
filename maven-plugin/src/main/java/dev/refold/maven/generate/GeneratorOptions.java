package dev.refold.maven.generate;

import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Strategy;
import org.jooq.meta.postgres.PostgresDatabase;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * The jOOQ generator options a build may set, in jOOQ's own configuration types (so a {@code <database>},
 * {@code <generate>} or {@code <strategy>} block reads as it does for jooq-codegen-maven): forced types, includes
 * and excludes, POJOs, java.time types, a naming strategy. What the engine depends on stays fixed whatever is
 * given: the database is the build's PostgreSQL, the input schema is the projection's, and records are generated
 * (fold-style handlers mutate them).
 *
 * @param database null, or the user's database options (forced types, includes, excludes, ...)
 * @param generate null, or the user's generate flags
 * @param strategy null, or the user's naming strategy
 */
public final class GeneratorOptions {
    private final Database database;
    private final Generate generate;
    private final Strategy strategy;

    public GeneratorOptions(Database database, Generate generate, Strategy strategy) {
        this.database = database;
        this.generate = generate;
        this.strategy = strategy;
    }

    public static GeneratorOptions defaults() {
        return new GeneratorOptions(null, null, null);
    }

    Database database(String projection) {
        Database base = database == null ? new Database() : copy(database, Database.class);
        if (base.getIncludes() == null || base.getIncludes().isBlank()) {
            base.setIncludes(".*");
        }
        if (base.getExcludes() == null) {
            base.setExcludes("");
        }
        return base.withName(PostgresDatabase.class.getName()).withInputSchema(projection);
    }

    Generate generate() {
        if (generate != null) {
            return copy(generate, Generate.class).withRecords(true);
        }
        return new Generate()
                .withRecords(true)
                .withPojos(false)
                .withDaos(false)
                // No timestamps or generator comments: the output of unchanged DDL stays byte-identical.
                .withGeneratedAnnotation(false)
                .withSources(false)
                .withSourcesOnViews(false);
    }

    Strategy strategy() {
        return strategy == null ? null : copy(strategy, Strategy.class);
    }

    /**
     * A fresh copy for each projection's run: jOOQ's generator rewrites the options it is given (the input schema
     * becomes a schemata entry), which the next projection's run would then inherit.
     */
    private static <T extends Serializable> T copy(T options, Class<T> type) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(options);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return type.cast(in.readObject());
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("Cannot copy jOOQ's " + type.getSimpleName() + " options: " + e, e);
        }
    }

    /** What goes into the up-to-date digest: a change of options must regenerate. */
    public String fingerprint() {
        return "database=" + database + ";generate=" + generate + ";strategy=" + strategy;
    }
}

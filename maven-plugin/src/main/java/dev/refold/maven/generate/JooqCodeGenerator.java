package dev.refold.maven.generate;

import org.jooq.codegen.GenerationTool;
import org.jooq.codegen.JavaGenerator;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Logging;
import org.jooq.meta.jaxb.OnError;
import org.jooq.meta.jaxb.Target;
import org.jooq.meta.postgres.PostgresDatabase;

import java.nio.file.Path;
import java.sql.Connection;

/**
 * Runs jOOQ's code generator over one projection's schema on a live PostgreSQL, so column types are the
 * server's own (jsonb stays {@code JSONB}, timestamptz {@code OffsetDateTime}).
 *
 * <p>The generated tables keep their schema: the engine's render mapping sends the projection's schema to
 * the shadow copy during a rebuild, which only works if the schema is rendered in the first place.
 */
public final class JooqCodeGenerator {
    private final Path outputDirectory;
    private final GeneratorOptions options;

    public JooqCodeGenerator(Path outputDirectory, GeneratorOptions options) {
        this.outputDirectory = outputDirectory;
        this.options = options;
    }

    /** Writes package {@code packageName} (jOOQ cleans that package's directory first). */
    public void generate(Connection connection, String projection, String packageName) throws DdlException {
        Configuration configuration = new Configuration()
                .withLogging(Logging.WARN)
                .withOnError(OnError.FAIL)
                .withGenerator(new Generator()
                        .withName(JavaGenerator.class.getName())
                        .withStrategy(options.strategy())
                        .withDatabase(options.database(projection))
                        .withGenerate(options.generate())
                        .withTarget(new Target()
                                .withPackageName(packageName)
                                .withDirectory(outputDirectory.toString())
                                .withEncoding("UTF-8")
                                .withClean(true)));
        GenerationTool tool = new GenerationTool();
        tool.setConnection(connection);
        try {
            tool.run(configuration);
        } catch (Exception e) {
            throw new DdlException("jOOQ code generation failed for projection '" + projection + "': " + e.getMessage(), e);
        }
    }
}

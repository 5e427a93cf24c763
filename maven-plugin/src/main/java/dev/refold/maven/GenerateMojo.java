package dev.refold.maven;

import dev.refold.RefoldException;

import dev.refold.maven.generate.DdlApplier;
import dev.refold.maven.generate.DdlDigest;
import dev.refold.maven.generate.DdlDirectoryScanner;
import dev.refold.maven.generate.DdlException;
import dev.refold.maven.generate.JavaPackages;
import dev.refold.maven.generate.GeneratorOptions;
import dev.refold.maven.generate.JooqCodeGenerator;
import dev.refold.maven.generate.ProjectionDdl;
import dev.refold.maven.support.Directories;
import dev.refold.maven.support.ScratchPostgres;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.jooq.Constants;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Strategy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Generates jOOQ table and record classes from every projection's newest DDL script. The scripts are applied
 * to an embedded PostgreSQL started for the build, each in the schema named after its projection, and jOOQ's
 * generator reads them back, so the types are exactly PostgreSQL's and no Docker or server is needed.
 *
 * <p>A digest of the scripts is kept in {@code target/refold/generate.sha256}: when nothing changed and the
 * output is still there, the database is not started at all.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class GenerateMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    /** Holds one directory per projection, each with its {@code V<version>__<Description>.sql} scripts. */
    @Parameter(property = "refold.generate.ddlDirectory", defaultValue = "${project.basedir}/src/main/resources/db/refold")
    private File ddlDirectory;

    /** Where the generated sources go; it is added to the compile source roots. */
    @Parameter(property = "refold.generate.outputDirectory",
            defaultValue = "${project.build.directory}/generated-sources/refold")
    private File outputDirectory;

    /**
     * The base package: projection {@code orders} is generated into {@code <packageName>.orders}. Default
     * {@code <groupId>.readmodel}.
     */
    @Parameter(property = "refold.generate.packageName")
    private String packageName;

    /** Holds the digest and the scratch database's data while it runs. */
    @Parameter(defaultValue = "${project.build.directory}/refold", readonly = true)
    private File workDirectory;

    @Parameter(defaultValue = "${plugin.version}", readonly = true)
    private String pluginVersion;

    /**
     * jOOQ's database options, as in jooq-codegen-maven's {@code <generator><database>}: {@code <forcedTypes>},
     * {@code <includes>}, {@code <excludes>} (regular expressions over the projection's objects) and the rest. The
     * database, its connection and the input schema are Refold's: the projection's schema on the build's PostgreSQL.
     */
    @Parameter
    private Database database;

    /**
     * jOOQ's generate flags, as in jooq-codegen-maven's {@code <generator><generate>}: {@code <pojos>},
     * {@code <javaTimeTypes>}, {@code <daos>}, ... Records are always generated.
     */
    @Parameter
    private Generate generate;

    /**
     * jOOQ's naming strategy, as in jooq-codegen-maven's {@code <generator><strategy>}: a {@code <name>} of a
     * {@code GeneratorStrategy} class on the plugin's classpath, or {@code <matchers>}.
     */
    @Parameter
    private Strategy strategy;

    /**
     * Skips this goal only. {@code refold.skip}, which skips the goals that touch a database, leaves code generation
     * alone: skipping it would break compilation (as {@code jooq.codegen.skip} is apart from Flyway's skip).
     */
    @Parameter(property = "refold.generate.skip", defaultValue = "false")
    private boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping refold:generate (refold.generate.skip=true)");
            return;
        }
        String basePackage = basePackage();
        try {
            List<ProjectionDdl> scripts = new DdlDirectoryScanner(getLog()::warn).scan(ddlDirectory.toPath());
            if (scripts.isEmpty()) {
                getLog().info("No projection DDL under " + ddlDirectory + "; nothing to generate");
                return;
            }
            Path output = outputDirectory.toPath();
            Path digestFile = workDirectory.toPath().resolve("generate.sha256");
            GeneratorOptions options = new GeneratorOptions(database, generate, strategy);
            String digest = DdlDigest.of(scripts, "package=" + basePackage + ";plugin=" + pluginVersion
                    + ";jooq=" + Constants.FULL_VERSION + ";" + options.fingerprint());
            if (upToDate(digestFile, digest, output)) {
                getLog().info("jOOQ classes for " + describe(scripts) + " are up to date");
            } else {
                generate(scripts, basePackage, options, output, digestFile, digest);
            }
            project.addCompileSourceRoot(output.toString());
        } catch (DdlException e) {
            // No cause attached: Maven would print the cause's message again after this one.
            throw new MojoFailureException(e.getMessage());
        } catch (IOException e) {
            throw new MojoExecutionException("Refold generate failed: " + e.getMessage(), e);
        } catch (RefoldException e) {
            // the scratch server could not start: the message says where and why
            throw new MojoFailureException("Refold generate: " + e.getMessage());
        }
    }

    private void generate(List<ProjectionDdl> scripts, String basePackage, GeneratorOptions options, Path output,
                          Path digestFile, String digest)
            throws IOException, DdlException {
        long started = System.nanoTime();
        // The digest goes first and comes back last, so a run that fails half-way is never taken as up to date.
        Files.deleteIfExists(digestFile);
        // Cleaned as a whole so that the classes of a projection that no longer exists disappear too.
        Directories.deleteRecursively(output);
        Files.createDirectories(output);
        Path dataDirectory = workDirectory.toPath().resolve("generate-db");
        try (ScratchPostgres postgres = ScratchPostgres.start(dataDirectory)) {
            JooqCodeGenerator generator = new JooqCodeGenerator(output, options);
            for (ProjectionDdl ddl : scripts) {
                try (Connection ddlConnection = postgres.connect(true)) {
                    new DdlApplier(ddlConnection).apply(ddl);
                }
                try (Connection metaConnection = postgres.connect(false)) {
                    generator.generate(metaConnection, ddl.projection(),
                            JavaPackages.forProjection(basePackage, ddl.projection()));
                }
            }
        } catch (SQLException e) {
            throw new DdlException("Cannot connect to the embedded PostgreSQL used for code generation: " + e.getMessage(), e);
        }
        Files.createDirectories(digestFile.getParent());
        Files.writeString(digestFile, digest + System.lineSeparator(), StandardCharsets.UTF_8);
        getLog().info("Generated jOOQ classes for " + describe(scripts) + " into " + output + " ("
                + (System.nanoTime() - started) / 1_000_000 + " ms)");
    }

    private static boolean upToDate(Path digestFile, String digest, Path output) throws IOException {
        return Files.isRegularFile(digestFile)
                && Files.readString(digestFile, StandardCharsets.UTF_8).trim().equals(digest)
                && Directories.containsFiles(output);
    }

    private String basePackage() throws MojoFailureException {
        if (packageName == null || packageName.isBlank()) {
            return JavaPackages.defaultBase(project.getGroupId());
        }
        String name = packageName.trim();
        if (!JavaPackages.isValid(name)) {
            throw new MojoFailureException("Invalid refold.generate.packageName '" + name + "': not a Java package name");
        }
        return name;
    }

    private static String describe(List<ProjectionDdl> scripts) {
        return scripts.stream()
                .map(ddl -> ddl.projection() + " (" + ddl.file().getFileName() + ")")
                .collect(Collectors.joining(", "));
    }
}

package dev.refold.maven;

import dev.refold.Refold;
import dev.refold.RefoldConfiguration;
import dev.refold.RefoldException;
import dev.refold.maven.support.BuildProgressLog;
import dev.refold.maven.support.Credentials;
import dev.refold.maven.support.EngineFailures;
import dev.refold.maven.support.PasswordInPom;
import dev.refold.maven.support.ProjectClassLoader;
import dev.refold.maven.support.QuietLogging;
import dev.refold.maven.support.SecretMasker;
import dev.refold.maven.support.SettingsCredentials;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.crypto.SettingsDecrypter;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceConfigurationError;

/**
 * What every goal that talks to the engine shares: the {@code refold.*} parameters, credentials from
 * settings.xml or the environment, the project's class loader for the user's projections, and the mapping of
 * the engine's exceptions to build failures. Each goal is a thin subclass that calls one engine method and
 * prints its result.
 *
 * <p>Parameters carry the engine's own property names, so {@code -Drefold.url=...}, a {@code <url>} in the pom
 * and {@code REFOLD_URL} in the environment all mean the same thing. Values the plugin does not set are left
 * to the engine, which reads system properties, then {@code REFOLD_*} variables, then the config file.
 */
public abstract class AbstractRefoldMojo extends AbstractMojo {
    private static final String DEFAULT_DATA_DIRECTORY = "refold-data/postgres";
    private static final String DEFAULT_CONFIG_FILE = "refold.conf";

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    protected MojoExecution mojoExecution;

    @Component
    private SettingsDecrypter settingsDecrypter;

    /**
     * JDBC URL of the database, or {@code embedded} for an embedded PostgreSQL in {@code dataDirectory}. Without
     * one, {@code info} and {@code validate} read the embedded database; {@code migrate}, {@code rebuild} and
     * {@code repair} fail, since they would change it.
     */
    @Parameter(property = "refold.url")
    protected String url;

    @Parameter(property = "refold.user")
    protected String user;

    /**
     * The database password. Prefer {@code serverId} or the {@code REFOLD_PASSWORD} environment variable: a
     * password written in the pom draws a warning.
     */
    @Parameter(property = "refold.password")
    protected String password;

    /** The id of a {@code <server>} in settings.xml holding the user and (possibly encrypted) password. */
    @Parameter(property = "refold.serverId")
    protected String serverId;

    /** The schema of Refold's own tables. Default {@code refold}. */
    @Parameter(property = "refold.schema")
    protected String schema;

    /** Where the embedded PostgreSQL keeps its data. Default {@code refold-data/postgres} in the project's directory. */
    @Parameter(property = "refold.dataDirectory")
    protected File dataDirectory;

    /** Whether the embedded PostgreSQL syncs to disk. Default true; turn it off only for throwaway databases. */
    @Parameter(property = "refold.durable")
    protected String durable;

    /** Seconds {@code migrate} waits for another instance's migration lock. Default 60. */
    @Parameter(property = "refold.lockTimeout")
    protected String lockTimeout;

    /** Events applied per transaction while replaying. Default 1000. */
    @Parameter(property = "refold.batchSize")
    protected String batchSize;

    /** Lets {@code migrate} rebuild a projection whose declared version is below the built one. */
    @Parameter(property = "refold.allowDowngrade")
    protected String allowDowngrade;

    /** Lets {@code migrate} drop the read models of projections that are no longer declared. */
    @Parameter(property = "refold.dropOrphans")
    protected String dropOrphans;

    /** Skips stored events whose type no Java class is registered for, instead of failing. */
    @Parameter(property = "refold.skipUnknownEventTypes")
    protected String skipUnknownEventTypes;

    /** Whether to find projections through {@code META-INF/services/dev.refold.projection.Projection}. Default true. */
    @Parameter(property = "refold.discoverProjections")
    protected String discoverProjections;

    /** A properties file of {@code refold.*} settings. Default {@code refold.conf} in the project's directory. */
    @Parameter(property = "refold.configFile")
    protected File configFile;

    /** Any other {@code refold.*} engine property. The named parameters above win over these. */
    @Parameter
    protected Map<String, String> properties;

    /**
     * How a goal reports its result: {@code text} (the default: messages and tables in the build log) or
     * {@code json} (the result's {@code toJson()}, on standard output or in {@code outputFile}; with {@code -q} the
     * standard output is the JSON alone). Flyway's name.
     */
    @Parameter(property = "refold.outputType")
    protected String outputType;

    /** With {@code outputType=json}, the file the JSON goes to instead of standard output. Flyway's name. */
    @Parameter(property = "refold.outputFile")
    protected File outputFile;

    /** Skips every Refold goal. */
    @Parameter(property = "refold.skip", defaultValue = "false")
    protected boolean skip;

    private static final List<String> OUTPUT_TYPES = List.of("text", "json");

    private boolean json;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping Refold (refold.skip=true)");
            return;
        }
        json = outputJson();
        QuietLogging.apply();
        PasswordInPom.find(project, mojoExecution).ifPresent(where -> getLog().warn(
                "A database password is written in the pom (" + where + "): anyone who can read the pom can read it. "
                        + "Use <serverId> with a <server> in settings.xml (encrypt it with mvn --encrypt-password) "
                        + "or the REFOLD_PASSWORD environment variable instead."));
        Credentials credentials = new SettingsCredentials(session.getSettings(), settingsDecrypter)
                .resolve(serverId, new Credentials(user, password));
        SecretMasker masker = new SecretMasker(credentials.password());
        warnIfNotCompiled();
        try (ProjectClassLoader classLoader = ProjectClassLoader.of(project, getClass().getClassLoader());
             ProjectClassLoader.ContextSwitch ignored = classLoader.activate()) {
            RefoldConfiguration configuration = configuration(credentials, classLoader);
            run(configuration, credentials, masker);
        } catch (RefoldException e) {
            if (getLog().isDebugEnabled()) {
                getLog().debug(masker.mask(stackTrace(e)));
            }
            throw EngineFailures.toMojoFailure(e, masker);
        } catch (ServiceConfigurationError e) {
            throw new MojoFailureException("Cannot load the projections listed in META-INF/services/"
                    + "dev.refold.projection.Projection: " + masker.mask(e.getMessage()));
        } catch (IOException e) {
            throw unexpected("Refold: ", e, masker);
        } catch (RuntimeException e) {
            throw unexpected("Refold failed unexpectedly: ", e, masker);
        }
    }

    /**
     * Not one of the engine's expected failures: the stack trace (shown with -e) goes with it for the bug report,
     * unless its message held a secret, since Maven prints the messages of the causes too.
     */
    private static MojoExecutionException unexpected(String prefix, Exception e, SecretMasker masker) {
        String message = String.valueOf(e.getMessage());
        String masked = masker.mask(message);
        return masked.equals(message)
                ? new MojoExecutionException(prefix + message, e)
                : new MojoExecutionException(prefix + masked + " (" + e.getClass().getName() + ")");
    }

    private static String stackTrace(Throwable e) {
        StringWriter text = new StringWriter();
        e.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    /** Projections live in the project's compiled classes: a goal run before compile would not see them. */
    private void warnIfNotCompiled() {
        File classes = new File(project.getBuild().getOutputDirectory());
        if (!classes.isDirectory()) {
            getLog().warn(classes + " does not exist, so no projection of this project can be found: "
                    + "run the goal after compile, for example mvn compile refold:" + mojoExecution.getGoal());
        }
    }

    /** Opens the engine on the configured database and runs the goal. {@code verify} replaces this. */
    protected void run(RefoldConfiguration configuration, Credentials credentials, SecretMasker masker)
            throws MojoExecutionException, MojoFailureException, IOException {
        try (Refold refold = configuration.load()) {
            getLog().info("Database: " + masker.mask(refold.url()));
            execute(refold);
        }
    }

    /**
     * Goals that change a database need it named: an explicit URL, or {@code refold.url=embedded}. A forgotten CI
     * secret then fails the build instead of migrating a throwaway embedded database.
     */
    protected boolean changesDatabase() {
        return false;
    }

    /** The goal itself, on an open engine. */
    protected abstract void execute(Refold refold) throws MojoExecutionException, MojoFailureException, IOException;

    /** The engine's configuration: named parameters first, then the free-form {@code properties}. */
    private RefoldConfiguration configuration(Credentials credentials, ClassLoader classLoader) {
        Map<String, String> values = new LinkedHashMap<>();
        if (properties != null) {
            values.putAll(properties);
        }
        put(values, "refold.url", url);
        put(values, "refold.user", credentials.user());
        put(values, "refold.password", credentials.password());
        put(values, "refold.schema", schema);
        put(values, "refold.durable", durable);
        put(values, "refold.lockTimeout", lockTimeout);
        put(values, "refold.batchSize", batchSize);
        put(values, "refold.allowDowngrade", allowDowngrade);
        put(values, "refold.dropOrphans", dropOrphans);
        put(values, "refold.skipUnknownEventTypes", skipUnknownEventTypes);
        put(values, "refold.discoverProjections", discoverProjections);
        Path config = configFile();
        if (config != null) {
            put(values, "refold.configFile", config.toString());
        }
        Path data = dataDirectory(config);
        if (data != null) {
            put(values, "refold.dataDirectory", data.toString());
        }
        return Refold.configure()
                .listeners(new BuildProgressLog(getLog()))
                .embeddedByDefault(!changesDatabase())
                .properties(values)
                .environment(System.getenv())
                .classLoader(classLoader);
    }

    private static void put(Map<String, String> values, String key, String value) {
        if (value != null && !value.isBlank()) {
            values.put(key, value);
        }
    }

    /** The given file, else {@code refold.conf} in the project's directory if there is one. */
    private Path configFile() {
        if (configFile != null) {
            return configFile.toPath();
        }
        Path projectFile = project.getBasedir().toPath().resolve(DEFAULT_CONFIG_FILE);
        return Files.isRegularFile(projectFile) ? projectFile : null;
    }

    /**
     * The engine's default data directory is relative to the working directory, which in a Maven build is
     * wherever {@code mvn} was started. The plugin anchors it to the project instead, but only when no system
     * property, environment variable or config file names one, so those still win as the engine documents.
     */
    private Path dataDirectory(Path config) {
        if (dataDirectory != null) {
            return dataDirectory.toPath();
        }
        if (System.getProperty("refold.dataDirectory") != null || System.getenv("REFOLD_DATA_DIRECTORY") != null
                || configFileSets(config, "refold.dataDirectory")) {
            return null;
        }
        return project.getBasedir().toPath().resolve(DEFAULT_DATA_DIRECTORY);
    }

    private static boolean configFileSets(Path config, String key) {
        if (config == null || !Files.isRegularFile(config)) {
            return false;
        }
        Properties values = new Properties();
        try (Reader reader = Files.newBufferedReader(config)) {
            values.load(reader);
        } catch (IOException e) {
            return false; // the engine reads it again and reports the problem with its own message
        }
        return values.getProperty(key) != null;
    }

    /** Checked before anything connects, so that a typo fails at once instead of printing text a tool cannot read. */
    private boolean outputJson() throws MojoFailureException {
        String type = outputType == null || outputType.isBlank() ? "text" : outputType.trim();
        if (!OUTPUT_TYPES.contains(type)) {
            throw new MojoFailureException("Unknown refold.outputType '" + outputType + "': use one of "
                    + String.join(", ", OUTPUT_TYPES));
        }
        if (type.equals("json") && !offersJson()) {
            getLog().warn("refold:" + mojoExecution.getGoal() + " has no JSON output; refold.outputType=json is ignored");
            return false;
        }
        if (type.equals("text") && outputFile != null) {
            getLog().warn("refold.outputFile is only written with refold.outputType=json; it is ignored");
        }
        return type.equals("json");
    }

    /** Whether the goal writes its result as JSON when {@code outputType=json}. */
    protected boolean offersJson() {
        return false;
    }

    /**
     * With {@code outputType=json}, writes the result's JSON to {@code outputFile} or standard output and returns
     * true: the goal then logs nothing else, so that the output stays machine-readable. With {@code text}, false.
     */
    protected boolean writeJson(String json) throws IOException {
        if (!this.json) {
            return false;
        }
        if (outputFile == null) {
            System.out.println(json); // not the Maven log, whose [INFO] prefixes would break the JSON
            return true;
        }
        Path file = outputFile.toPath().toAbsolutePath();
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, json + System.lineSeparator());
        getLog().info("Wrote the result as JSON to " + file);
        return true;
    }

    /** Logs a multi-line text (a table) one line at a time, so each line gets Maven's prefix. */
    protected void info(String text) {
        text.lines().forEach(getLog()::info);
    }
}

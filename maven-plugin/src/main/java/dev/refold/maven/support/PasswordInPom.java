package dev.refold.maven.support;

import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

import java.util.Optional;

/**
 * Finds a database password written in clear in the pom, where everyone who can read the repository can
 * read it too. A value given with {@code -D} or through an expression such as {@code ${env.DB_PASSWORD}} is
 * not in the pom, and draws no warning.
 */
public final class PasswordInPom {
    private static final String PROPERTY = "refold.password";

    private PasswordInPom() {
    }

    /** @return where the password was found, for the warning */
    public static Optional<String> find(MavenProject project, MojoExecution execution) {
        Xpp3Dom configuration = execution.getConfiguration();
        if (configuration != null) {
            if (isLiteral(configuration.getChild("password"))) {
                return Optional.of("<password> in the configuration of " + execution.getArtifactId());
            }
            Xpp3Dom properties = configuration.getChild("properties");
            if (properties != null && isLiteral(properties.getChild(PROPERTY))) {
                return Optional.of("<" + PROPERTY + "> in the <properties> of " + execution.getArtifactId());
            }
        }
        if (project.getModel().getProperties().getProperty(PROPERTY) != null) {
            return Optional.of("<" + PROPERTY + "> in the <properties> of the pom");
        }
        return Optional.empty();
    }

    /**
     * The merged execution configuration holds the mojo's default {@code ${refold.password}} expression when the
     * pom says nothing, so only values without an expression were typed into the pom.
     */
    private static boolean isLiteral(Xpp3Dom element) {
        if (element == null) {
            return false;
        }
        String value = element.getValue();
        return value != null && !value.isBlank() && !value.contains("${");
    }
}

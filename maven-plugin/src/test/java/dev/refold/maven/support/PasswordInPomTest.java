package dev.refold.maven.support;

import org.apache.maven.model.Model;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3DomBuilder;
import org.junit.jupiter.api.Test;

import java.io.StringReader;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordInPomTest {
    private final MavenProject project = new MavenProject(new Model());

    @Test
    void aPasswordTypedIntoThePluginConfigurationIsFound() throws Exception {
        assertThat(PasswordInPom.find(project, execution("<password>hunter2</password>")))
                .contains("<password> in the configuration of refold-maven-plugin");
    }

    @Test
    void aPasswordTypedIntoTheFreeFormPropertiesIsFound() throws Exception {
        assertThat(PasswordInPom.find(project, execution("<properties><refold.password>hunter2</refold.password></properties>")))
                .contains("<refold.password> in the <properties> of refold-maven-plugin");
    }

    @Test
    void aPasswordInThePomPropertiesIsFound() throws Exception {
        project.getModel().getProperties().setProperty("refold.password", "hunter2");

        assertThat(PasswordInPom.find(project, execution(""))).contains("<refold.password> in the <properties> of the pom");
    }

    @Test
    void theMojoDefaultAndExpressionsAreNotPasswordsInThePom() throws Exception {
        // What Maven merges in when the pom says nothing: the parameter's own expression.
        assertThat(PasswordInPom.find(project, execution("<password>${refold.password}</password>"))).isEmpty();
        assertThat(PasswordInPom.find(project, execution("<password>${env.DB_PASSWORD}</password>"))).isEmpty();
        assertThat(PasswordInPom.find(project, execution(""))).isEmpty();
    }

    private static MojoExecution execution(String configuration) throws Exception {
        PluginDescriptor plugin = new PluginDescriptor();
        plugin.setGroupId("dev.refold");
        plugin.setArtifactId("refold-maven-plugin");
        MojoDescriptor mojo = new MojoDescriptor();
        mojo.setGoal("info");
        mojo.setPluginDescriptor(plugin);
        return new MojoExecution(mojo, Xpp3DomBuilder.build(
                new StringReader("<configuration>" + configuration + "</configuration>")));
    }
}

package dev.refold.maven.support;

import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.project.MavenProject;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * The project's compiled classes and runtime dependencies, where the engine finds the user's projections
 * through {@code META-INF/services/dev.refold.projection.Projection}.
 *
 * <p>It delegates to the plugin's own class loader first. That is deliberate: the user's projections must
 * implement the very {@code Projection} interface, and write with the very jOOQ classes, that the plugin's
 * engine was loaded with, or the engine could not call them.
 */
public final class ProjectClassLoader extends URLClassLoader {
    private ProjectClassLoader(URL[] urls, ClassLoader parent) {
        super(urls, parent);
    }

    public static ProjectClassLoader of(MavenProject project, ClassLoader pluginClassLoader) throws MojoExecutionException {
        List<String> elements;
        try {
            // Starts with target/classes, then every compile and runtime dependency.
            elements = project.getRuntimeClasspathElements();
        } catch (DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("Cannot resolve the runtime class path of " + project.getId(), e);
        }
        List<URL> urls = new ArrayList<>();
        for (String element : elements) {
            try {
                urls.add(new File(element).toURI().toURL());
            } catch (MalformedURLException e) {
                throw new MojoExecutionException("Invalid class path element " + element, e);
            }
        }
        return new ProjectClassLoader(urls.toArray(URL[]::new), pluginClassLoader);
    }

    /** Makes this the thread's context class loader until the returned handle is closed. */
    public ContextSwitch activate() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(this);
        return () -> thread.setContextClassLoader(previous);
    }

    /** Restores the previous context class loader. */
    public interface ContextSwitch extends AutoCloseable {
        @Override
        void close();
    }
}

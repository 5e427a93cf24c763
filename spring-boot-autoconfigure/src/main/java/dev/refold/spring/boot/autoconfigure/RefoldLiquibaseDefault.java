package dev.refold.spring.boot.autoconfigure;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.DefaultResourceLoader;

import java.util.Map;

/**
 * Refold brings Liquibase onto the classpath (it applies Refold's own changelog with it), and Boot then runs
 * Liquibase for the application too, failing at startup when the application has no changelog. So when the
 * application configures no Liquibase ({@code spring.liquibase.enabled} and {@code spring.liquibase.change-log}
 * unset) and Boot's default changelog is absent, Liquibase defaults to off, with Refold enabled or not. It is only a default, below every
 * property source of the application's; an application that uses Liquibase is not affected.
 */
public class RefoldLiquibaseDefault implements EnvironmentPostProcessor {
    static final String SOURCE = "refoldLiquibaseDefault";
    private static final String BOOT_DEFAULT_CHANGELOG = "classpath:/db/changelog/db.changelog-master.yaml";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty("spring.liquibase.enabled")
                || environment.containsProperty("spring.liquibase.change-log")
                || environment.containsProperty("spring.liquibase.changeLog")) {
            return;
        }
        ClassLoader loader = application.getClassLoader();
        if (new DefaultResourceLoader(loader).getResource(BOOT_DEFAULT_CHANGELOG).exists()) {
            return;
        }
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, Map.of("spring.liquibase.enabled", "false")));
    }
}

package dev.refold.example;

import dev.refold.example.authors.AuthorStatsProjection;
import dev.refold.example.posts.PostsVersion;
import dev.refold.projection.Projection;
import org.junit.jupiter.api.Test;

import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Maven goals ({@code refold:verify} in this build) find projections through META-INF/services, the
 * application through {@link PostsVersion#CURRENT}: both must name the same release.
 */
class ReleaseRegistrationTest {

    @Test
    void theServicesFileListsTheCurrentRelease() {
        assertThat(ServiceLoader.load(Projection.class).stream().map(ServiceLoader.Provider::type))
                .containsExactlyInAnyOrder(PostsVersion.CURRENT.projection().getClass(), AuthorStatsProjection.class);
    }
}

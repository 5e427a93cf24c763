package dev.refold.maven.generate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JavaPackagesTest {
    @Test
    void derivesAValidPackageFromAnyGroupId() {
        assertThat(JavaPackages.defaultBase("com.example-shop")).isEqualTo("com.example_shop.readmodel");
        assertThat(JavaPackages.defaultBase("org.2fa.int")).isEqualTo("org._2fa.int_.readmodel");
        assertThat(JavaPackages.isValid(JavaPackages.defaultBase("org.2fa.int"))).isTrue();
    }

    @Test
    void projectionsThatAreJavaKeywordsStillMakePackages() {
        assertThat(JavaPackages.forProjection("shop.readmodel", "orders")).isEqualTo("shop.readmodel.orders");
        assertThat(JavaPackages.forProjection("shop.readmodel", "default")).isEqualTo("shop.readmodel.default_");
    }
}

package dev.refold.maven.support;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretMaskerTest {
    private final SecretMasker masker = new SecretMasker("s3cr3t!");

    @Test
    void masksThePasswordParameterOfAJdbcUrl() {
        assertThat(masker.mask("jdbc:postgresql://db:5432/app?user=app&password=hunter2&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/app?user=app&password=***&ssl=true");
        assertThat(masker.mask("jdbc:postgresql://db/app?sslpassword=key;PASSWORD=x"))
                .isEqualTo("jdbc:postgresql://db/app?sslpassword=***;PASSWORD=***");
    }

    @Test
    void masksUserInfo() {
        assertThat(masker.mask("postgresql://app:hunter2@db:5432/app")).isEqualTo("postgresql://app:***@db:5432/app");
    }

    @Test
    void masksTheConfiguredPasswordAnywhere() {
        assertThat(masker.mask("FATAL: role rejected s3cr3t! as a password")).isEqualTo("FATAL: role rejected *** as a password");
    }

    @Test
    void leavesTextWithoutSecretsAlone() {
        String url = "jdbc:postgresql://localhost:5432/postgres?user=postgres";
        assertThat(new SecretMasker(null).mask(url)).isEqualTo(url);
        assertThat(new SecretMasker("").mask(url)).isEqualTo(url);
        assertThat(masker.mask(null)).isNull();
    }

    @Test
    void credentialsNeverPrintTheirPassword() {
        assertThat(new Credentials("app", "hunter2").toString()).doesNotContain("hunter2").contains("app");
    }
}

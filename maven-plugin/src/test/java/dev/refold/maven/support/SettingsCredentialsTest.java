package dev.refold.maven.support;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.DefaultSettingsDecrypter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;
import org.sonatype.plexus.components.sec.dispatcher.DefaultSecDispatcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** With Maven's real decrypter and a master password file, as {@code mvn --encrypt-password} sets them up. */
class SettingsCredentialsTest {
    /** "right-password", encrypted with the master password below. */
    private static final String ENCRYPTED = "{x4UAjC/gJa0HbyGYP7sRui3187+xTQ7fhieeveuCCVk=}";
    private static final String MASTER = "{+/dqsgGI+okHhSAQL4lnFtnLB60pmiCU1Z+c+LgEBiK9Oz7dfm9QUzj3xdJe2UMD}";

    @TempDir
    Path directory;

    private final Settings settings = new Settings();
    private SettingsCredentials credentials;

    @BeforeEach
    void setUp() throws Exception {
        Path security = Files.writeString(directory.resolve("settings-security.xml"),
                "<settingsSecurity><master>" + MASTER + "</master></settingsSecurity>");
        var dispatcher = new DefaultSecDispatcher(new DefaultPlexusCipher(), Map.of(), security.toString());
        credentials = new SettingsCredentials(settings, new DefaultSettingsDecrypter(dispatcher));
        Server server = new Server();
        server.setId("db");
        server.setUsername("app");
        server.setPassword(ENCRYPTED);
        settings.addServer(server);
    }

    @Test
    void decryptsTheServersPassword() throws Exception {
        assertThat(credentials.resolve("db", new Credentials(null, null)))
                .isEqualTo(new Credentials("app", "right-password"));
    }

    @Test
    void explicitValuesWinOverTheServer() throws Exception {
        assertThat(credentials.resolve("db", new Credentials("admin", null))).isEqualTo(new Credentials("admin", "right-password"));
        assertThat(credentials.resolve("db", new Credentials(null, "given"))).isEqualTo(new Credentials("app", "given"));
    }

    @Test
    void withoutServerIdTheExplicitValuesAreAllThereIs() throws Exception {
        assertThat(credentials.resolve(null, new Credentials("u", "p"))).isEqualTo(new Credentials("u", "p"));
        assertThat(credentials.resolve(" ", new Credentials(null, null))).isEqualTo(new Credentials(null, null));
    }

    @Test
    void anUnknownServerIdNamesItself() {
        assertThatThrownBy(() -> credentials.resolve("prod-db", new Credentials(null, null)))
                .isInstanceOf(MojoFailureException.class)
                .hasMessage("No <server> with id 'prod-db' in settings.xml (refold.serverId)");
    }

    @Test
    void aPasswordThatCannotBeDecryptedFailsWithoutPrintingIt() {
        settings.getServer("db").setPassword("{bm90IGEgdmFsaWQgY2lwaGVydGV4dA==}");

        assertThatThrownBy(() -> credentials.resolve("db", new Credentials(null, null)))
                .isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith("Cannot decrypt the password of server 'db' in settings.xml")
                .hasMessageNotContaining("bm90IGEgdmFsaWQgY2lwaGVydGV4dA");
    }
}

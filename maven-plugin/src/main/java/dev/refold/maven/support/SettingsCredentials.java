package dev.refold.maven.support;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * Reads a {@code <server>} of settings.xml, decrypting its password with Maven's own decrypter
 * ({@code mvn --encrypt-password}), as flyway-maven-plugin and the deploy plugin do.
 */
public final class SettingsCredentials {
    private final Settings settings;
    private final SettingsDecrypter decrypter;

    public SettingsCredentials(Settings settings, SettingsDecrypter decrypter) {
        this.settings = settings;
        this.decrypter = decrypter;
    }

    /**
     * Values given explicitly win; the server fills in what is missing, so {@code -Drefold.user=x} can still
     * override one part.
     */
    public Credentials resolve(String serverId, Credentials explicit) throws MojoFailureException {
        if (serverId == null || serverId.isBlank()) {
            return explicit;
        }
        Server server = settings.getServer(serverId);
        if (server == null) {
            throw new MojoFailureException("No <server> with id '" + serverId + "' in settings.xml (refold.serverId)");
        }
        SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
        for (SettingsProblem problem : result.getProblems()) {
            if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
                throw new MojoFailureException("Cannot decrypt the password of server '" + serverId
                        + "' in settings.xml: " + problem.getMessage());
            }
        }
        Server decrypted = result.getServer();
        return new Credentials(
                explicit.user() != null ? explicit.user() : decrypted.getUsername(),
                explicit.password() != null ? explicit.password() : decrypted.getPassword());
    }
}

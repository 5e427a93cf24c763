package dev.refold.maven.support;

/** A database user and password, from the plugin's parameters or a settings.xml server. Either may be null. */
public record Credentials(String user, String password) {
    @Override
    public String toString() {
        // Records print every component; this one must never print the password.
        return "Credentials[user=" + user + ", password=" + (password == null ? "null" : "***") + "]";
    }
}

package dev.refold.maven.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes passwords from anything the plugin prints: the {@code password=} parameter and the
 * {@code user:password@} part of a JDBC URL, and the configured password itself wherever it appears, for
 * instance inside a driver's error message.
 */
public final class SecretMasker {
    private static final String MASK = "***";
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)\\b((?:ssl)?password)=[^&;\\s]*");
    private static final Pattern USER_INFO = Pattern.compile("//([^/@:\\s]+):([^/@\\s]*)@");

    private final String password;

    /** @param password the configured password, or null */
    public SecretMasker(String password) {
        this.password = password == null || password.isEmpty() ? null : password;
    }

    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = text;
        if (password != null) {
            masked = masked.replace(password, MASK);
        }
        masked = PASSWORD_PARAMETER.matcher(masked).replaceAll("$1=" + Matcher.quoteReplacement(MASK));
        return USER_INFO.matcher(masked).replaceAll("//$1:" + Matcher.quoteReplacement(MASK) + "@");
    }
}

package dev.refold.internal.db;

import org.postgresql.Driver;

import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/** Printing a JDBC URL must never print a password that someone put inside it. */
public final class JdbcUrls {
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password|sslpassword)=[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("//([^/@:]+):([^/@]*)@");

    private JdbcUrls() {
    }

    public static String withoutSecrets(String url) {
        if (url == null) {
            return "(no URL)";
        }
        String masked = PASSWORD_PARAMETER.matcher(url).replaceAll("$1=***");
        return USER_INFO.matcher(masked).replaceAll("//$1:***@");
    }

    /** The user a JDBC URL names ({@code ?user=...}), as the driver reads it; empty when it names none. */
    public static Optional<String> user(String url) {
        if (url == null) {
            return Optional.empty();
        }
        Properties parsed = Driver.parseURL(url, null);
        return parsed == null ? Optional.empty() : Optional.ofNullable(parsed.getProperty("user")).filter(u -> !u.isBlank());
    }
}

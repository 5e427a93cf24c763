package dev.refold.internal.db;

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
}

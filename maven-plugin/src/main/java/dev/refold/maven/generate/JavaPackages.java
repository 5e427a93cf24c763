package dev.refold.maven.generate;

import javax.lang.model.SourceVersion;
import java.util.Locale;

/** Turns Maven group ids and projection names into Java package names. */
public final class JavaPackages {
    private JavaPackages() {
    }

    /** {@code com.example-shop} becomes {@code com.example_shop.readmodel}. */
    public static String defaultBase(String groupId) {
        StringBuilder name = new StringBuilder();
        for (String part : groupId.split("\\.")) {
            if (!part.isEmpty()) {
                name.append(segment(part)).append('.');
            }
        }
        return name.append("readmodel").toString();
    }

    /** The package of one projection's classes: {@code <base>.<projection>}, a Java keyword getting a trailing _. */
    public static String forProjection(String base, String projection) {
        return base + "." + segment(projection);
    }

    public static boolean isValid(String packageName) {
        return SourceVersion.isName(packageName);
    }

    private static String segment(String raw) {
        StringBuilder segment = new StringBuilder();
        for (char c : raw.toLowerCase(Locale.ROOT).toCharArray()) {
            segment.append(Character.isJavaIdentifierPart(c) ? c : '_');
        }
        if (!Character.isJavaIdentifierStart(segment.charAt(0))) {
            segment.insert(0, '_');
        }
        String name = segment.toString();
        return SourceVersion.isKeyword(name) ? name + "_" : name;
    }
}

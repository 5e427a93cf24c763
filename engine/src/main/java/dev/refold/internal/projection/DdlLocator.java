package dev.refold.internal.projection;

import dev.refold.RefoldConfigurationException;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds {@code db/refold/<projection>/V<version>__<Description>.sql} on the classpath, in directories and jars.
 * Each script is the projection's whole schema, not a change to the previous one (a rebuild starts from an empty
 * shadow schema). A version without a script of its own, as for a change to the handlers alone, uses the newest
 * earlier one: the checksum still tells the versions apart, since it covers the handlers' code.
 */
public final class DdlLocator {
    public static final String ROOT = "db/refold/";
    private static final Pattern FILE = Pattern.compile("V(\\d+)__(.+)\\.sql");

    private final ClassLoader classLoader;

    public DdlLocator(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    /**
     * The script for {@code version}: its own, or else the newest earlier version's; or a {@link MissingDdl}
     * explaining what was found instead.
     */
    public DdlScript locate(String projection, int version) throws MissingDdl {
        String folder = ROOT + projection + "/";
        TreeSet<String> names = list(folder);
        int applies = -1;
        List<String> matches = new ArrayList<>();
        for (String name : names) {
            Matcher m = FILE.matcher(name);
            if (!m.matches()) {
                continue;
            }
            int fileVersion = Integer.parseInt(m.group(1));
            if (fileVersion > version || fileVersion < applies) {
                continue;
            }
            if (fileVersion > applies) {
                applies = fileVersion;
                matches.clear();
            }
            matches.add(name);
        }
        if (matches.isEmpty()) {
            throw new MissingDdl("Projection '" + projection + "' declares version " + version + " but " + folder + "V"
                    + version + "__<Description>.sql is not on the classpath, nor the DDL of an earlier version"
                    + (names.isEmpty() ? " (the folder is empty or missing)" : " (found: " + String.join(", ", names) + ")"));
        }
        if (matches.size() > 1) {
            throw new MissingDdl("Projection '" + projection + "' has " + matches.size() + " DDL files for version " + applies
                    + ": " + String.join(", ", matches) + "; keep exactly one");
        }
        String name = matches.get(0);
        Matcher m = FILE.matcher(name);
        m.matches();
        String resource = folder + name;
        try (InputStream in = classLoader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new MissingDdl("Cannot open " + resource);
            }
            return new DdlScript(resource, applies, m.group(2).replace('_', ' '), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new MissingDdl("Cannot read " + resource + ": " + e.getMessage());
        }
    }

    private TreeSet<String> list(String folder) {
        TreeSet<String> names = new TreeSet<>();
        try {
            Enumeration<URL> urls = classLoader.getResources(folder);
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                if ("file".equals(url.getProtocol())) {
                    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                        files.forEach(f -> names.add(f.getFileName().toString()));
                    }
                } else if ("jar".equals(url.getProtocol())) {
                    JarURLConnection connection = (JarURLConnection) url.openConnection();
                    connection.setUseCaches(false);
                    try (JarFile jar = connection.getJarFile()) {
                        Enumeration<JarEntry> entries = jar.entries();
                        while (entries.hasMoreElements()) {
                            String entry = entries.nextElement().getName();
                            if (entry.startsWith(folder) && entry.length() > folder.length() && entry.indexOf('/', folder.length()) < 0) {
                                names.add(entry.substring(folder.length()));
                            }
                        }
                    }
                }
            }
        } catch (IOException | URISyntaxException e) {
            throw new RefoldConfigurationException("Cannot list " + folder + " on the classpath: " + e.getMessage());
        }
        return names;
    }

    /** The declared version has no DDL file, or more than one. */
    public static final class MissingDdl extends Exception {
        public MissingDdl(String message) {
            super(message);
        }
    }
}

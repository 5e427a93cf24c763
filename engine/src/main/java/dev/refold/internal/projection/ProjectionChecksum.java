package dev.refold.internal.projection;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedSet;

/**
 * The fingerprint that catches "the code changed but nobody bumped the version". It covers the DDL (line
 * endings normalised), the bytecode of the projection class and of the classes nested in it (lambdas
 * live in their host class), with debug information stripped so that recompiling the same source gives the
 * same checksum, and the set of event types and versions handled. It does not cover classes outside the
 * projection that its handlers call.
 */
public final class ProjectionChecksum {
    private ProjectionChecksum() {
    }

    public static String of(DdlScript ddl, Class<?> projectionClass, SortedSet<String> handledTypes) {
        MessageDigest digest = sha256();
        update(digest, "ddl");
        update(digest, ddl == null ? "" : ddl.normalisedSql());
        for (Class<?> type : ownClasses(projectionClass)) {
            update(digest, "class " + type.getName());
            digest.update(normalisedBytecode(type));
        }
        update(digest, "events " + String.join(",", handledTypes));
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The class and the classes nested in it (not its nest host's other members: a test class may host many projections). */
    static List<Class<?>> ownClasses(Class<?> projectionClass) {
        String prefix = projectionClass.getName() + "$";
        return Arrays.stream(projectionClass.getNestHost().getNestMembers())
                .filter(c -> c == projectionClass || c.getName().startsWith(prefix))
                .sorted(Comparator.comparing(Class::getName))
                .toList();
    }

    static byte[] normalisedBytecode(Class<?> type) {
        String resource = type.getName().replace('.', '/') + ".class";
        ClassLoader loader = type.getClassLoader() == null ? ClassLoader.getSystemClassLoader() : type.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                return type.getName().getBytes(StandardCharsets.UTF_8);
            }
            ClassReader reader = new ClassReader(in);
            ClassWriter writer = new ClassWriter(0);
            reader.accept(writer, ClassReader.SKIP_DEBUG);
            return writer.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the bytecode of " + type.getName() + ": " + e.getMessage(), e);
        }
    }

    private static void update(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

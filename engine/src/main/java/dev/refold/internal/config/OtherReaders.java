package dev.refold.internal.config;

import java.util.List;
import java.util.Set;

/**
 * {@code refold.*} names that other parts of Refold read, not the engine: the Maven plugin's parameters (which
 * Maven also sets as system properties, so the engine sees {@code -Drefold.projection=posts}) and the test
 * harness's. They are not typos, so they pass the unknown-property check. A new plugin parameter or tool
 * setting belongs here.
 */
final class OtherReaders {
    private static final Set<String> NAMES = Set.of(
            "refold.skip", "refold.serverId", "refold.projection", "refold.fixtures",
            "refold.outputType", "refold.outputFile", "refold.propertySeed");
    private static final List<String> PREFIXES = List.of("refold.generate.", "refold.verify.", "refold.skip.", "refold.import.");
    /** The test fixture's server ({@code REFOLD_TEST_URL}, {@code _USER}, {@code _PASSWORD}, {@code _DB}). */
    private static final String TEST_ENVIRONMENT = "REFOLD_TEST_";

    private OtherReaders() {
    }

    static boolean reads(String name) {
        return NAMES.contains(name) || PREFIXES.stream().anyMatch(name::startsWith);
    }

    static boolean readsEnvironment(String variable) {
        return variable.startsWith(TEST_ENVIRONMENT);
    }

    static Set<String> names() {
        return NAMES;
    }
}

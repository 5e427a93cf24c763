package dev.refold.catchup;

import dev.refold.Refold;
import dev.refold.event.ExpectedVersion;
import dev.refold.fixtures.PostDeleted;

import java.util.Map;

/**
 * The child JVM of {@link EmbeddedCrashTest}: an application on the embedded default ({@code -Drefold.dataDirectory}),
 * appending one event per stream {@code s-<n>} and printing {@code ACK <n>} once each append has returned, until
 * it is killed.
 */
public final class EmbeddedAppendChild {
    private EmbeddedAppendChild() {
    }

    public static void main(String[] args) {
        try (Refold refold = Refold.configure().discoverProjections(false).environment(Map.of()).load()) {
            System.out.println("STARTED");
            for (long n = 1; ; n++) {
                refold.events().append("s-" + n, ExpectedVersion.noStream(), new PostDeleted("s-" + n));
                System.out.println("ACK " + n);
                System.out.flush();
            }
        }
    }
}

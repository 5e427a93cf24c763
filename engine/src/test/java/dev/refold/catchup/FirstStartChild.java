package dev.refold.catchup;

import dev.refold.Refold;
import dev.refold.event.ExpectedVersion;
import dev.refold.fixtures.PostDeleted;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The child JVM of {@link FirstStartTest}: an application's start, once per line {@code GO <jdbc url>} on stdin
 * (user and password come from {@code -Drefold.*}): load Refold, migrate, append one event. It prints
 * {@code OK <position>} or {@code FAIL <message>} and waits for the next line, so that one JVM serves every
 * trial and each trial's four starts begin within milliseconds of each other.
 */
public final class FirstStartChild {
    private FirstStartChild() {
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        say("READY");
        String line;
        while ((line = in.readLine()) != null) {
            String url = line.substring("GO ".length());
            try (Refold refold = Refold.configure().discoverProjections(false).environment(Map.of())
                    .properties(Map.of("refold.url", url)).eventTypes(PostDeleted.class).load()) {
                refold.migrate();
                String stream = "instance-" + ProcessHandle.current().pid();
                long position = refold.events().append(stream, ExpectedVersion.noStream(), new PostDeleted(stream))
                        .lastPosition();
                say("OK " + position);
            } catch (RuntimeException e) {
                say("FAIL " + e.getMessage().replace('\n', ' '));
            }
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}

package dev.refold.catchup;

import dev.refold.Refold;
import dev.refold.result.MigrateResult;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The child JVM of the crash tests: Refold with the {@link CatchUpProjections.Likes} projection, configured by
 * {@code -Drefold.*} system properties, doing one thing until it ends or is killed. It reports on stdout:
 * <ul>
 *   <li>{@code catch-up}: starts live catch-up, prints {@code STARTED}, runs until killed;</li>
 *   <li>{@code rebuild}: prints {@code STARTED}, rebuilds the projection, prints {@code DONE};</li>
 *   <li>{@code migrate}: prints {@code READY}, waits for a line on stdin, migrates, prints {@code BUILT <n>}
 *       and {@code STATE <state>}.</li>
 * </ul>
 */
public final class CatchUpChild {
    private CatchUpChild() {
    }

    public static void main(String[] args) throws Exception {
        try (Refold refold = Refold.configure().discoverProjections(false).environment(Map.of())
                .projections(new CatchUpProjections.Likes()).load()) {
            switch (args[0]) {
                case "catch-up" -> {
                    refold.start();
                    say("STARTED");
                    Thread.sleep(Long.MAX_VALUE);
                }
                case "rebuild" -> {
                    say("STARTED");
                    refold.rebuild(CatchUpProjections.Likes.NAME);
                    say("DONE");
                }
                case "migrate" -> {
                    say("READY");
                    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                    MigrateResult result = refold.migrate();
                    say("BUILT " + result.built().size());
                    say("STATE " + refold.info().projection(CatchUpProjections.Likes.NAME).orElseThrow().state());
                }
                default -> throw new IllegalArgumentException("unknown mode " + args[0]);
            }
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}

package dev.refold.catchup;

import dev.refold.Refold;
import dev.refold.projection.Projection;
import dev.refold.result.BuildProgress;
import dev.refold.result.MigrateResult;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An application instance of the coordination tests, in a JVM of its own: Refold with the projections named by
 * {@code -Dcoord.projections} (see {@link CoordinationProjections#named}), configured by {@code -Drefold.*}.
 * <ul>
 *   <li>{@code rebuild <name>}: prints {@code STARTED}, rebuilds, prints {@code DONE};</li>
 *   <li>{@code serve}: migrates, prints {@code MIGRATED built=<names> elsewhere=<names>}, starts live catch-up,
 *       then answers commands on stdin until {@code quit}: {@code ready <name>} ({@code READY <name> <bool>}),
 *       {@code state <name>} ({@code STATE <name> <state>}), {@code sql <query>} ({@code SQL <first column>}).</li>
 * </ul>
 */
public final class CoordinationChild {
    private CoordinationChild() {
    }

    public static void main(String[] args) throws Exception {
        Projection[] projections = Arrays.stream(System.getProperty("coord.projections").split(","))
                .map(CoordinationProjections::named).toArray(Projection[]::new);
        try (Refold refold = Refold.configure().discoverProjections(false).environment(Map.of()).projections(projections).load()) {
            switch (args[0]) {
                case "rebuild" -> {
                    say("STARTED");
                    say("DONE " + refold.rebuild(args[1]).eventsReplayed());
                }
                case "serve" -> serve(refold);
                default -> throw new IllegalArgumentException("unknown mode " + args[0]);
            }
        }
    }

    private static void serve(Refold refold) throws Exception {
        MigrateResult result = refold.migrate();
        say("MIGRATED built=" + result.built().stream().map(b -> b.projection()).collect(Collectors.joining(","))
                + " elsewhere=" + result.buildingElsewhere().stream().map(BuildProgress::projection).collect(Collectors.joining(","))
                + " progress=" + result.buildingElsewhere().stream().map(b -> b.position() + "/" + b.active()).collect(Collectors.joining(",")));
        refold.start();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.equals("quit")) {
            String[] command = line.split(" ", 2);
            switch (command[0]) {
                case "ready" -> say("READY " + command[1] + " " + refold.isReady(command[1]));
                case "state" -> say("STATE " + command[1] + " " + refold.info().projection(command[1]).orElseThrow().state());
                case "sql" -> {
                    try (Connection c = refold.dataSource().getConnection(); Statement s = c.createStatement();
                         ResultSet rs = s.executeQuery(command[1])) {
                        rs.next();
                        say("SQL " + rs.getString(1));
                    }
                }
                default -> throw new IllegalArgumentException("unknown command " + line);
            }
        }
        say("BYE");
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}

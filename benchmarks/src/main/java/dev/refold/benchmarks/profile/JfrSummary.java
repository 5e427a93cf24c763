package dev.refold.benchmarks.profile;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the time goes, from a Java Flight Recorder file: of the samples whose stack contains a given frame
 * (for example {@code ReplayEngine}), how many were waiting on PostgreSQL's socket and how many ran Java code, by
 * library. JFR samples running Java code ({@code jdk.ExecutionSample}) and threads blocked in native code such as
 * a socket read ({@code jdk.NativeMethodSample}) separately, at different periods; each sample is weighed by
 * its period, so the figures estimate seconds of the thread's time.
 *
 * <pre>{@code java -cp ... dev.refold.benchmarks.profile.JfrSummary recording.jfr ReplayEngine}</pre>
 */
public final class JfrSummary {
    /** First match wins, scanning from the top of the stack down. */
    private static final Map<String, String> LIBRARIES = new LinkedHashMap<>();

    static {
        LIBRARIES.put("sun.nio.ch.", "waiting on PostgreSQL (socket read)");
        LIBRARIES.put("java.net.", "waiting on PostgreSQL (socket read)");
        LIBRARIES.put("com.fasterxml.jackson.", "Jackson (JSON decoding)");
        LIBRARIES.put("org.postgresql.", "pgjdbc (driver)");
        LIBRARIES.put("org.jooq.", "jOOQ (rendering, binding, records)");
        LIBRARIES.put("dev.refold.", "Refold and the handlers");
    }

    private JfrSummary() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: JfrSummary <recording.jfr> <frame substring, e.g. ReplayEngine>");
            System.exit(2);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(Path.of(args[0]));
        Map<Long, Double> periodMillis = samplingPeriods(events);
        Map<String, Double> byCategory = new HashMap<>();
        Map<String, Double> waitsByCaller = new HashMap<>();
        double total = 0;
        for (RecordedEvent event : events) {
            String type = event.getEventType().getName();
            if (!type.equals("jdk.ExecutionSample") && !type.equals("jdk.NativeMethodSample")) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || !contains(stack.getFrames(), args[1])) {
                continue;
            }
            // the two kinds are sampled at different periods: weigh each sample by the time it stands for
            double millis = periodMillis.getOrDefault(event.getEventType().getId(), 20.0);
            total += millis;
            String category = category(stack.getFrames());
            byCategory.merge(category, millis, Double::sum);
            if (category.startsWith("waiting")) {
                waitsByCaller.merge(caller(stack.getFrames()), millis, Double::sum);
            }
        }
        System.out.printf("about %.1f s of samples with %s on the stack%n", total / 1000, args[1]);
        print(byCategory, total);
        System.out.println("socket waits, by the code that waited (its own frame <- the JDBC call):");
        print(waitsByCaller, total);
    }

    /** The sampling period of each sample event type, from the recording's own settings. */
    private static Map<Long, Double> samplingPeriods(List<RecordedEvent> events) {
        Map<Long, Double> periods = new HashMap<>();
        for (RecordedEvent event : events) {
            if (event.getEventType().getName().equals("jdk.ActiveSetting") && "period".equals(event.getString("name"))) {
                String value = event.getString("value").trim();
                if (value.endsWith(" ms")) {
                    periods.put(event.getLong("id"), Double.parseDouble(value.substring(0, value.length() - 3).trim()));
                } else if (value.endsWith(" s")) {
                    periods.put(event.getLong("id"), 1000 * Double.parseDouble(value.substring(0, value.length() - 2).trim()));
                }
            }
        }
        return periods;
    }

    private static boolean contains(List<RecordedFrame> frames, String needle) {
        return frames.stream().anyMatch(f -> name(f).contains(needle));
    }

    private static String category(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String name = name(frame);
            for (Map.Entry<String, String> library : LIBRARIES.entrySet()) {
                if (name.startsWith(library.getKey())) {
                    return library.getValue();
                }
            }
        }
        return "other";
    }

    /**
     * The first frame of Refold's or the benchmark's own code above the wait, with the outermost pgjdbc call it
     * made (executeBatch, executeQuery, commit...): which part of a rebuild waited, and on what.
     */
    private static String caller(List<RecordedFrame> frames) {
        String jdbc = "?";
        for (RecordedFrame frame : frames) {
            String name = name(frame);
            if (name.startsWith("org.postgresql.")) {
                jdbc = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            } else if (name.startsWith("dev.refold.")) {
                return name.substring("dev.refold.".length()) + " <- " + jdbc;
            }
        }
        return "? <- " + jdbc;
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static void print(Map<String, Double> millis, double total) {
        millis.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(8)
                .forEach(e -> System.out.printf("  %6.1f s  %5.1f%%  %s%n", e.getValue() / 1000, 100.0 * e.getValue() / total, e.getKey()));
    }
}

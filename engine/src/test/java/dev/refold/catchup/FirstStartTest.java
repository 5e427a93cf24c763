package dev.refold.catchup;

import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several instances of an application start at once on a database Refold has never seen: exactly one applies
 * Refold's schema, the others wait for it, and an instance killed with -9 while applying it leaves nothing
 * that blocks the next start (Liquibase's lock row included).
 */
@RefoldTest
class FirstStartTest {
    private static final int INSTANCES = 4;
    private static final int TRIALS = 10;
    private static final int KILLS = 5;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void fourInstancesOnANewDatabaseAllStartAndOneAppliesTheSchema(TestDatabase db) throws Exception {
        List<ChildJvm> children = new ArrayList<>();
        try {
            for (int i = 0; i < INSTANCES; i++) {
                children.add(ChildJvm.start(db, FirstStartChild.class, "-", Map.of()));
            }
            for (ChildJvm child : children) {
                child.await("READY", TIMEOUT);
            }
            for (int trial = 0; trial < TRIALS; trial++) {
                String url = freshDatabase(db, "first_start_" + trial);
                for (ChildJvm child : children) {
                    child.send("GO " + url);
                }
                for (ChildJvm child : children) {
                    assertThat(child.await("", TIMEOUT)).as("trial %d, instance %d", trial, child.pid()).startsWith("OK ");
                }
                try (Connection c = DriverManager.getConnection(url, db.user(), db.password()); Statement s = c.createStatement()) {
                    assertThat(single(s, "select count(*) || ' ' || count(distinct id) || ' ' || count(distinct deployment_id)"
                            + " || ' ' || string_agg(distinct exectype, ',') from refold.databasechangelog"))
                            .as("trial %d: six changesets, each once, all applied by one Liquibase run", trial)
                            .isEqualTo("6 6 1 EXECUTED");
                    assertThat(single(s, "select count(*) from refold.events")).as("trial %d", trial).isEqualTo("4");
                    assertThat(single(s, "select bool_or(locked)::text from refold.databasechangeloglock")).isEqualTo("false");
                }
            }
        } finally {
            for (ChildJvm child : children) {
                child.close();
            }
        }
    }

    @Test
    void anInstanceKilledWhileApplyingTheSchemaBlocksNoOtherStart(TestDatabase db) throws Exception {
        List<ChildJvm> survivors = new ArrayList<>();
        int killedHoldingLiquibasesLock = 0;
        try {
            for (int i = 0; i < 2; i++) {
                survivors.add(ChildJvm.start(db, FirstStartChild.class, "-", Map.of()));
            }
            for (ChildJvm survivor : survivors) {
                survivor.await("READY", TIMEOUT);
            }
            for (int trial = 0; trial < KILLS; trial++) {
                String url = freshDatabase(db, "killed_start_" + trial);
                try (ChildJvm victim = ChildJvm.start(db, FirstStartChild.class, "-", Map.of());
                     Connection c = DriverManager.getConnection(url, db.user(), db.password()); Statement s = c.createStatement()) {
                    victim.await("READY", TIMEOUT);
                    victim.send("GO " + url);
                    long deadline = System.nanoTime() + TIMEOUT.toNanos();
                    String said = null;
                    while (said == null && System.nanoTime() < deadline && !liquibaseLocked(s)) {
                        said = victim.poll();
                        Thread.sleep(1);
                    }
                    victim.kill();
                    if (said == null) {
                        killedHoldingLiquibasesLock++;
                    }
                    for (ChildJvm survivor : survivors) {
                        survivor.send("GO " + url);
                    }
                    long started = System.nanoTime();
                    for (ChildJvm survivor : survivors) {
                        assertThat(survivor.await("", TIMEOUT)).as("trial %d", trial).startsWith("OK ");
                    }
                    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("trial %d: no wait for a stale lock", trial)
                            .isLessThan(Duration.ofSeconds(20));
                    assertThat(single(s, "select count(distinct id) from refold.databasechangelog")).isEqualTo("6");
                    assertThat(single(s, "select bool_or(locked)::text from refold.databasechangeloglock")).isEqualTo("false");
                    assertThat(single(s, "select count(*) from refold.events")).isEqualTo("2");
                }
            }
        } finally {
            for (ChildJvm survivor : survivors) {
                survivor.close();
            }
        }
        System.out.println(killedHoldingLiquibasesLock + " of " + KILLS + " victims were killed holding Liquibase's lock");
        assertThat(killedHoldingLiquibasesLock).as("the kill landed inside Liquibase at least once").isPositive();
    }

    private static boolean liquibaseLocked(Statement s) throws SQLException {
        return "true".equals(single(s, "select (to_regclass('refold.databasechangeloglock') is not null)::text"))
                && "true".equals(single(s, "select coalesce(bool_or(locked), false)::text from refold.databasechangeloglock"));
    }

    private static String freshDatabase(TestDatabase db, String suffix) throws SQLException {
        String name = "refold_" + suffix + "_" + ProcessHandle.current().pid();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("drop database if exists " + name);
            s.execute("create database " + name);
        }
        return db.url().replaceFirst("/refold_test_[0-9_]+", "/" + name);
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}

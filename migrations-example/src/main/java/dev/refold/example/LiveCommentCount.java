package dev.refold.example;

import dev.refold.RefoldException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** What a reader of the author_stats read model sees: the comments counted so far, over every author. */
final class LiveCommentCount {
    private final DataSource dataSource;

    LiveCommentCount(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    long total() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select coalesce(sum(comments_received), 0) from author_stats.author")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new RefoldException("Cannot read author_stats.author: " + e.getMessage(), e);
        }
    }

    /** Polls as a reader would, until the count reaches {@code expected} or the time is up. */
    boolean awaitTotal(long expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (total() >= expected) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return total() >= expected;
    }
}

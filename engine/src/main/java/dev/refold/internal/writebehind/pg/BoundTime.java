package dev.refold.internal.writebehind.pg;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * Whether jOOQ binds a date or a timestamp as the value itself. It binds a LocalDate through
 * {@link Date#valueOf(LocalDate)} and a LocalDateTime through {@link Timestamp#valueOf(LocalDateTime)}, which
 * read the value in the JVM's time zone: a local time in a daylight-saving gap (02:30 on the night clocks go
 * forward) comes out an hour later, and that later time is what PostgreSQL stores. Write-behind holds only the
 * values that come through unchanged; the others go to PostgreSQL, which stores what it is sent.
 */
final class BoundTime {
    private BoundTime() {
    }

    static boolean boundAsItIs(LocalDateTime value) {
        try {
            return Timestamp.valueOf(value).toLocalDateTime().equals(value);
        } catch (RuntimeException unbindable) {
            return false;
        }
    }

    static boolean boundAsItIs(LocalDate value) {
        try {
            return Date.valueOf(value).toLocalDate().equals(value);
        } catch (RuntimeException unbindable) {
            return false;
        }
    }
}

package dev.refold.internal.isolation;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class WriteRefusalTest {
    @Test
    void aRefusedWriteNamesTheTableFromTheStatementWhenPostgresNamesOnlyTheSchema() {
        SQLException denied = new SQLException("ERROR: permission denied for schema refold", "42501");
        RuntimeException jooq = new RuntimeException("SQL [insert into \"refold\".\"events\" (stream_id) values (?)]; ERROR: permission denied for schema refold", denied);
        assertThat(WriteRefusal.describe(jooq)).contains("table refold.events");
        RuntimeException plain = new RuntimeException("SQL [update refold.projection_checkpoints set last_position = 0]; ERROR: x", denied);
        assertThat(WriteRefusal.describe(plain)).contains("table refold.projection_checkpoints");
        assertThat(WriteRefusal.describe(new SQLException("ERROR: permission denied for table title", "42501"))).contains("table title");
        assertThat(WriteRefusal.describe(new SQLException("duplicate key", "23505"))).isEmpty();
    }
}

package dev.refold.maven.generate;

import dev.refold.maven.support.ScratchPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** DDL applied to a real embedded PostgreSQL and read back by jOOQ's generator. */
class GenerateFromPostgresTest {
    @TempDir
    static Path work;

    static ScratchPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = ScratchPostgres.start(work.resolve("db"));
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void generatesSchemaQualifiedTablesWithPostgresOwnTypes() throws Exception {
        Path script = Files.writeString(work.resolve("V3__Orders.sql"), """
                create table order_summary (
                    order_id text primary key,
                    total numeric(12, 2) not null,
                    details jsonb,
                    shipped_at timestamptz
                );
                """);
        Path output = work.resolve("out");

        try (Connection ddl = postgres.connect(true); Connection meta = postgres.connect(false)) {
            new DdlApplier(ddl).apply(new ProjectionDdl("orders", 3, script));
            new JooqCodeGenerator(output).generate(meta, "orders", "shop.readmodel.orders");
        }

        Path table = output.resolve("shop/readmodel/orders/tables/OrderSummary.java");
        assertThat(table).exists();
        String source = Files.readString(table);
        assertThat(source)
                .contains("org.jooq.JSONB")
                .contains("OffsetDateTime")
                .contains("BigDecimal")
                // Kept schema-qualified: the engine maps schema "orders" to the shadow schema during rebuilds.
                .contains("Orders.ORDERS");
        assertThat(output.resolve("shop/readmodel/orders/tables/records/OrderSummaryRecord.java")).exists();
    }

    @Test
    void aSyntaxErrorNamesTheFileTheLineAndPostgresMessage() throws Exception {
        Path script = Files.writeString(work.resolve("V1__Broken.sql"), """
                -- a comment first, so the error is not on line 1
                create table fine (id int);
                create tabel broken (id int);
                """);

        try (Connection ddl = postgres.connect(true)) {
            assertThatThrownBy(() -> new DdlApplier(ddl).apply(new ProjectionDdl("broken", 1, script)))
                    .isInstanceOf(DdlException.class)
                    .hasMessageContaining("DDL of projection 'broken' failed")
                    .hasMessageContaining(script + " line 3")
                    .hasMessageContaining("syntax error at or near \"tabel\"");
        }
    }

    @Test
    void countsLinesUpToThePosition() {
        assertThat(DdlApplier.lineOf("a\nb\nc", 1)).isEqualTo(1);
        assertThat(DdlApplier.lineOf("a\nb\nc", 3)).isEqualTo(2);
        assertThat(DdlApplier.lineOf("a\nb\nc", 5)).isEqualTo(3);
    }
}

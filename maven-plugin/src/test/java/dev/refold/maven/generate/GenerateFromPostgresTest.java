package dev.refold.maven.generate;

import dev.refold.maven.support.ScratchPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.ForcedType;
import org.jooq.meta.jaxb.Generate;

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
            new JooqCodeGenerator(output, GeneratorOptions.defaults()).generate(meta, "orders", "shop.readmodel.orders");
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
    void jooqsOwnOptionsReachTheGeneratorAndRecordsStay() throws Exception {
        Path script = Files.writeString(work.resolve("V1__Shop.sql"), """
                create table shop (id text primary key, total_cents numeric(18, 0) not null, opened date);
                create table scratch_notes (id int primary key);
                """);
        Path output = work.resolve("out-options");
        Database database = new Database().withExcludes("scratch_.*")
                .withForcedTypes(new ForcedType().withName("BIGINT").withIncludeExpression(".*\\.total_cents"));
        Generate generate = new Generate().withPojos(true).withJavaTimeTypes(false).withRecords(false);
        GeneratorOptions options = new GeneratorOptions(database, generate, null);

        Path second = Files.writeString(work.resolve("V2__Till.sql"), "create table till (id int primary key, total_cents numeric(18, 0));");
        try (Connection ddl = postgres.connect(true); Connection meta = postgres.connect(false)) {
            new DdlApplier(ddl).apply(new ProjectionDdl("shop", 1, script));
            new DdlApplier(ddl).apply(new ProjectionDdl("till", 2, second));
            JooqCodeGenerator generator = new JooqCodeGenerator(output, options);
            generator.generate(meta, "shop", "shop.readmodel.shop");
            generator.generate(meta, "till", "shop.readmodel.till"); // the same options, for the next projection
        }
        assertThat(Files.readString(output.resolve("shop/readmodel/till/tables/Till.java")))
                .contains("TableField<TillRecord, Long> TOTAL_CENTS");

        Path base = output.resolve("shop/readmodel/shop");
        String table = Files.readString(base.resolve("tables/Shop.java"));
        assertThat(table).contains("TableField<ShopRecord, Long> TOTAL_CENTS").contains("java.sql.Date");
        assertThat(base.resolve("tables/pojos/Shop.java")).exists();
        assertThat(base.resolve("tables/records/ShopRecord.java")).exists(); // fold-style handlers need records
        assertThat(base.resolve("tables/ScratchNotes.java")).doesNotExist();
        assertThat(options.fingerprint()).contains("scratch_.*").contains("BIGINT").contains("pojos");
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

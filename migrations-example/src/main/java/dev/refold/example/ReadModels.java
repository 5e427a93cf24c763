package dev.refold.example;

import dev.refold.example.posts.PostsVersion;
import org.jooq.DSLContext;
import org.jooq.Name;
import org.jooq.TXTFormat;
import org.jooq.impl.DSL;

import javax.sql.DataSource;
import java.io.PrintStream;

import static dev.refold.example.readmodel.author_stats.Tables.AUTHOR;
import static dev.refold.example.readmodel.posts.Tables.POST;
import static org.jooq.SQLDialect.POSTGRES;

/** Reads the blog's read models the way its web pages would, and prints them. */
final class ReadModels {
    private static final TXTFormat FORMAT = new TXTFormat().maxColWidth(64);

    private final DSLContext dsl;

    ReadModels(DataSource dataSource) {
        this.dsl = DSL.using(dataSource, POSTGRES);
    }

    void print(PrintStream out) {
        out.println("Read model posts.post:");
        out.println(posts());
        out.println("Read model author_stats.author:");
        out.println(authors());
    }

    /**
     * {@code select *}, not the generated columns: the serving version may be older than the generated class
     * (v1 has no {@code deleted} column, for example), and the walkthrough shows columns appearing as versions
     * change.
     */
    private String posts() {
        Name table = DSL.name(POST.getSchema().getName(), POST.getName());
        if (!exists(table)) {
            return notBuilt(PostsVersion.PROJECTION);
        }
        return dsl.select().from(DSL.table(table)).orderBy(DSL.field(POST.ID.getUnqualifiedName())).fetch().format(FORMAT);
    }

    private String authors() {
        if (!exists(DSL.name(AUTHOR.getSchema().getName(), AUTHOR.getName()))) {
            return notBuilt(AUTHOR.getSchema().getName());
        }
        return dsl.selectFrom(AUTHOR).orderBy(AUTHOR.ID).fetch().format(FORMAT);
    }

    private boolean exists(Name table) {
        return dsl.fetchValue("select to_regclass({0}) is not null", DSL.inline(dsl.render(table))).equals(Boolean.TRUE);
    }

    private static String notBuilt(String projection) {
        return "(projection " + projection + " has not been built)";
    }
}

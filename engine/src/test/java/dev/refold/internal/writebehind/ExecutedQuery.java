package dev.refold.internal.writebehind;

import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.tools.jdbc.MockConnection;
import org.jooq.tools.jdbc.MockResult;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A statement as write-behind's {@code ExecuteListener} sees it: the query object jOOQ executes (for a DSL chain,
 * the query it delegates to, not the chain itself), captured from a run on a mock connection. No database: what is
 * read is jOOQ's object, not an answer.
 */
final class ExecutedQuery {
    private ExecutedQuery() {
    }

    static Query of(Consumer<DSLContext> statement) {
        AtomicReference<Query> seen = new AtomicReference<>();
        ExecuteListener listener = new ExecuteListener() {
            @Override
            public void start(ExecuteContext ctx) {
                seen.set(ctx.query());
            }
        };
        DSLContext dsl = DSL.using(new DefaultConfiguration().set(SQLDialect.POSTGRES).set(listener)
                .set(new MockConnection(ctx -> new MockResult[]{new MockResult(1)})));
        try {
            statement.accept(dsl);
        } catch (RuntimeException whatTheMockAnswered) {
            // the mock's answer may not fit a RETURNING; the statement was seen before it was sent
        }
        assertThat(seen.get()).as("the statement reached jOOQ's execute listeners").isNotNull();
        return seen.get();
    }
}

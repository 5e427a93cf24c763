package dev.refold.internal.isolation;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SqlScriptTest {
    @Test
    void splitsOnSemicolonsOutsideQuotesCommentsAndBodies() {
        String script = """
                -- a comment; not a statement
                create table a (t text default 'x;y', "odd;name" int);
                /* block; /* nested; */ still */ create table b (id int);
                create function f() returns int language plpgsql as $body$ begin return 1; end $body$;
                create function g() returns int language sql begin atomic select case when true then 1 end; select 2; end;
                insert into a (t) values (E'it\\'s; fine');
                """;
        List<SqlScript.Statement> statements = SqlScript.split(script);
        assertThat(statements).extracting(SqlScript.Statement::summary).containsExactly(
                "create table a (t text default 'x;y', \"odd;name\" int)",
                "create table b (id int)",
                "create function f() returns int language plpgsql as $body$ begin return 1; end $body$",
                "create function g() returns int language sql begin atomic select case when true then 1 end; select 2; end",
                "insert into a (t) values (E'it\\'s; fine')");
        assertThat(statements.get(0).line(script, 1)).isEqualTo(2);
        assertThat(statements.get(1).line(script, 1)).isEqualTo(3);
        assertThat(statements.get(4).line(script, 1)).isEqualTo(6);
    }

    @Test
    void aTrailingCommentIsNoStatement() {
        assertThat(SqlScript.split("create table a (id int);\n-- the end\n")).hasSize(1);
    }
}

package dev.refold.internal.writebehind.pg;

import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract write-behind keeps with PostgreSQL: for a SET value built of +, - and * over integers, numerics
 * and doubles, stored in a column of some type, the value it holds is the value PostgreSQL stores, and wherever
 * PostgreSQL raises an error (out of range, numeric overflow), write-behind refuses, so that the database decides.
 * Thousands of random cases, boundaries favoured, each checked against a real INSERT.
 */
@RefoldTest
class PostgresArithmeticContractTest {
    private static final ColumnType[] OPERAND_TYPES = {ColumnType.INT2, ColumnType.INT4, ColumnType.INT8, ColumnType.NUMERIC, ColumnType.FLOAT8};
    private static final String[] SQL_TYPES = {"int2", "int4", "int8", "numeric", "float8"};
    private static final Expression.Operator[] OPERATORS = Expression.Operator.values();
    private static final String[] SQL_OPERATORS = {"+", "-", "*"};

    /** The columns results are stored in, with the column write-behind would describe for each. */
    private record Target(String ddl, HeldColumn column) {
    }

    private static final List<Target> TARGETS = List.of(
            new Target("int2", column(ColumnType.INT2, -1, 0)),
            new Target("int4", column(ColumnType.INT4, -1, 0)),
            new Target("int8", column(ColumnType.INT8, -1, 0)),
            new Target("numeric", column(ColumnType.NUMERIC, -1, 0)),
            new Target("numeric(8, 2)", column(ColumnType.NUMERIC, 8, 2)),
            new Target("numeric(6, 0)", column(ColumnType.NUMERIC, 6, 0)),
            new Target("numeric(5, -2)", column(ColumnType.NUMERIC, 5, -2)),
            new Target("float8", column(ColumnType.FLOAT8, -1, 0)));

    private static HeldColumn column(ColumnType type, int precision, int scale) {
        return new HeldColumn("v", type, -1, precision, scale, false, null, true);
    }

    @Test
    void heldArithmeticStoresWhatPostgresStoresAndRefusesWherePostgresFails(TestDatabase db) throws SQLException {
        Random random = new Random(20261126);
        List<String> disagreements = new ArrayList<>();
        int agreedValues = 0;
        int agreedErrors = 0;
        List<String> leftToPostgres = new ArrayList<>();
        try (Connection c = db.connect()) {
            createTargets(c);
            for (int i = 0; i < 5_000; i++) {
                int a = random.nextInt(OPERAND_TYPES.length);
                int b = random.nextInt(OPERAND_TYPES.length);
                int op = random.nextInt(OPERATORS.length);
                Target target = TARGETS.get(random.nextInt(TARGETS.size()));
                Object left = value(OPERAND_TYPES[a], random);
                Object right = value(OPERAND_TYPES[b], random);

                ColumnType type = ColumnType.arithmetic(OPERAND_TYPES[a], OPERAND_TYPES[b]);
                Object computed = new Expression.Arithmetic(type, OPERATORS[op], new Expression.Constant(OPERAND_TYPES[a], left),
                        new Expression.Constant(OPERAND_TYPES[b], right)).evaluate(new Object[0], null);
                Object held = computed == ColumnType.REFUSED ? computed : target.column().assign(type, computed);

                String sql = "(" + literal(left) + "::" + SQL_TYPES[a] + " " + SQL_OPERATORS[op] + " " + literal(right) + "::" + SQL_TYPES[b] + ")";
                String stored = insert(c, target, sql);
                String description = sql + " into " + target.ddl() + ": PostgreSQL " + (stored == null ? "refused" : "stored " + stored)
                        + ", write-behind " + (held == ColumnType.REFUSED ? "refused" : "held " + held);
                if (stored == null && held != ColumnType.REFUSED) {
                    disagreements.add(description);
                } else if (stored != null && held != ColumnType.REFUSED) {
                    if (!sameValue(target.column().type(), stored, held)) {
                        disagreements.add(description);
                    }
                    agreedValues++;
                } else if (stored == null) {
                    agreedErrors++;
                } else if (converts(type, target.column().type())) {
                    leftToPostgres.add(description);
                }
            }
        }
        assertThat(disagreements).isEmpty();
        // the cases must cover both outcomes, or the test proves little
        assertThat(agreedValues).isGreaterThan(1_000);
        assertThat(agreedErrors).isGreaterThan(100);
        // refusing where PostgreSQL would succeed is safe (the database decides), but among the conversions it
        // follows at all it should be rare
        assertThat(leftToPostgres).as("refused although PostgreSQL stores a value").hasSizeLessThan(50);
    }

    @Test
    void negationFollowsPostgres(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            createTargets(c);
            Object[][] cases = {{ColumnType.INT2, (long) Short.MIN_VALUE}, {ColumnType.INT4, (long) Integer.MIN_VALUE},
                    {ColumnType.INT8, Long.MIN_VALUE}, {ColumnType.INT4, 5L}, {ColumnType.NUMERIC, new BigDecimal("-1.50")},
                    {ColumnType.FLOAT8, -0.0}};
            for (Object[] test : cases) {
                ColumnType type = (ColumnType) test[0];
                Object held = new Expression.Negation(type, new Expression.Constant(type, test[1])).evaluate(new Object[0], null);
                Target target = TARGETS.get(switch (type) {
                    case INT2 -> 0;
                    case INT4 -> 1;
                    case INT8 -> 2;
                    case NUMERIC -> 3;
                    default -> 7;
                });
                String stored = insert(c, target, "(- " + literal(test[1]) + "::" + SQL_TYPES[java.util.Arrays.asList(OPERAND_TYPES).indexOf(type)] + ")");
                if (stored == null) {
                    assertThat(held).as("-(%s) of %s", test[1], type).isSameAs(ColumnType.REFUSED);
                } else {
                    assertThat(sameValue(type, stored, held)).as("-(%s) of %s: PostgreSQL %s, held %s", test[1], type, stored, held).isTrue();
                }
            }
        }
    }

    /** The assignments write-behind follows; it leaves the others (a numeric or double rounded into an integer, ...) to PostgreSQL. */
    private static boolean converts(ColumnType from, ColumnType to) {
        return to == ColumnType.FLOAT8 || (to.integral() && from.integral())
                || (to == ColumnType.NUMERIC && (from.integral() || from == ColumnType.NUMERIC));
    }

    /** float8 raises on overflow to infinity, and on a product that underflows to zero, but not on infinite inputs. */
    @Test
    void doubleEdgesFollowPostgres(TestDatabase db) throws SQLException {
        double[][] cases = {{1e-308, 1e-308}, {Double.MIN_VALUE, 0.5}, {1e308, 10}, {Double.MAX_VALUE, Double.MAX_VALUE},
                {Double.POSITIVE_INFINITY, 0}, {Double.POSITIVE_INFINITY, 2}, {Double.NaN, 3}, {-0.0, 5}, {1e-200, 1e-200}};
        try (Connection c = db.connect()) {
            createTargets(c);
            for (double[] test : cases) {
                for (int op = 0; op < OPERATORS.length; op++) {
                    Object held = new Expression.Arithmetic(ColumnType.FLOAT8, OPERATORS[op], new Expression.Constant(ColumnType.FLOAT8, test[0]),
                            new Expression.Constant(ColumnType.FLOAT8, test[1])).evaluate(new Object[0], null);
                    String expression = "(" + literal(test[0]) + "::float8 " + SQL_OPERATORS[op] + " " + literal(test[1]) + "::float8)";
                    String stored = insert(c, TARGETS.get(7), expression);
                    if (stored == null) {
                        assertThat(held).as(expression).isSameAs(ColumnType.REFUSED);
                    } else {
                        assertThat(sameValue(ColumnType.FLOAT8, stored, held)).as("%s: PostgreSQL %s, held %s", expression, stored, held).isTrue();
                    }
                }
            }
        }
    }

    /**
     * Bound numerics as PostgreSQL reads them: 1E+2 is 100 of scale 0 (a negative scale would show in products), and
     * one outside float8's range cannot become a float8, whether stored or added to one.
     */
    @Test
    void boundNumericsAreHeldAsPostgresReadsThem(TestDatabase db) throws SQLException {
        String[][] cases = {{"1E+2", "*", "1.5", "numeric"}, {"1.50", "*", "1E+2", "numeric"}, {"2.5E+3", "+", "0.25", "numeric"},
                {"1E+400", "+", "0", "float8"}, {"1E-400", "+", "0", "float8"}, {"1E+400", "*", "1", "float8"}};
        try (Connection c = db.connect()) {
            createTargets(c);
            for (String[] test : cases) {
                Object left = ColumnType.NUMERIC.hold(new BigDecimal(test[0]));
                Object right = ColumnType.NUMERIC.hold(new BigDecimal(test[2]));
                boolean toDouble = test[3].equals("float8");
                // into float8: as a numeric SET value would be assigned, or as numeric + float8 computes
                ColumnType rightType = toDouble && test[1].equals("*") ? ColumnType.FLOAT8 : ColumnType.NUMERIC;
                Object rightValue = rightType == ColumnType.FLOAT8 ? (Object) Double.valueOf(test[2]) : right;
                ColumnType type = ColumnType.arithmetic(ColumnType.NUMERIC, rightType);
                Object computed = new Expression.Arithmetic(type, OPERATORS[java.util.Arrays.asList(SQL_OPERATORS).indexOf(test[1])],
                        new Expression.Constant(ColumnType.NUMERIC, left), new Expression.Constant(rightType, rightValue)).evaluate(new Object[0], null);
                Target target = TARGETS.get(toDouble ? 7 : 3);
                Object held = computed == ColumnType.REFUSED ? computed : target.column().assign(type, computed);
                String expression = "('" + test[0] + "'::numeric " + test[1] + " '" + test[2] + "'::" + (rightType == ColumnType.FLOAT8 ? "float8" : "numeric") + ")";
                String stored = insert(c, target, expression);
                if (stored == null) {
                    assertThat(held).as(expression).isSameAs(ColumnType.REFUSED);
                } else {
                    assertThat(held).as(expression).isNotSameAs(ColumnType.REFUSED);
                    assertThat(sameValue(target.column().type(), stored, held)).as("%s: PostgreSQL %s, held %s", expression, stored, held).isTrue();
                }
            }
        }
    }

    /** A jsonb value is held only if PostgreSQL surely accepts it: it raises the error at the statement otherwise. */
    @Test
    void jsonbIsHeldOnlyWherePostgresAcceptsIt(TestDatabase db) throws SQLException {
        String[] texts = {"{}", "{\"a\": 1}", "  {\"a\": [1, 2.50, \"x\", null, true]} ", "{\"a\": \"\\u0000\"}", "\"\\ud800\"",
                "{", "", "{} x", "[1e400]", "[1e100000]", "{\"a\": 1,}", "NaN", "[01]", "{\"a\": \"tab\there\"}", "[1E+2]"};
        int held = 0;
        try (Connection c = db.connect(); PreparedStatement cast = c.prepareStatement("select ?::jsonb")) {
            for (String text : texts) {
                boolean accepted;
                cast.setString(1, text);
                try (ResultSet rs = cast.executeQuery()) {
                    accepted = rs.next();
                } catch (SQLException refused) {
                    accepted = false;
                }
                Object value = ColumnType.JSONB.hold(org.jooq.JSONB.valueOf(text));
                if (value != ColumnType.REFUSED) {
                    held++;
                    assertThat(accepted).as("held %s, which PostgreSQL refuses", text).isTrue();
                }
            }
        }
        assertThat(held).as("the plain documents are held").isGreaterThanOrEqualTo(4);
    }

    private static void createTargets(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (int t = 0; t < TARGETS.size(); t++) {
                s.execute("create temporary table target_" + t + " (v " + TARGETS.get(t).ddl() + ")");
            }
        }
    }

    /** What PostgreSQL stores for the expression (an assignment, as an UPDATE's SET makes), as text; null if it refused. */
    private static String insert(Connection c, Target target, String expression) throws SQLException {
        String table = "target_" + TARGETS.indexOf(target);
        try (Statement s = c.createStatement()) {
            s.execute("truncate " + table);
            try {
                s.execute("insert into " + table + " (v) values (" + expression + ")");
            } catch (SQLException refused) {
                return null;
            }
            try (ResultSet rs = s.executeQuery("select v::text from " + table)) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static boolean sameValue(ColumnType type, String stored, Object held) {
        if (held == null) {
            return stored == null;
        }
        return switch (type) {
            case NUMERIC -> new BigDecimal(stored).equals(held); // scale included: it shows in the read model
            case FLOAT8 -> Double.valueOf(stored).equals(held);
            default -> Long.valueOf(stored).equals(held);
        };
    }

    private static String literal(Object value) {
        if (value instanceof Double d) {
            return d.isNaN() ? "'NaN'" : d.isInfinite() ? (d > 0 ? "'Infinity'" : "'-Infinity'") : "'" + d + "'";
        }
        if (value instanceof BigDecimal d) {
            return "'" + d.toPlainString() + "'";
        }
        return "'" + value + "'";
    }

    /** A held value of the type, near its limits a third of the time. */
    private static Object value(ColumnType type, Random random) {
        boolean edge = random.nextInt(3) == 0;
        return switch (type) {
            case INT2 -> edge ? (long) (random.nextBoolean() ? Short.MAX_VALUE - random.nextInt(3) : Short.MIN_VALUE + random.nextInt(3))
                    : (long) (random.nextInt(2001) - 1000);
            case INT4 -> edge ? (long) (random.nextBoolean() ? Integer.MAX_VALUE - random.nextInt(3) : Integer.MIN_VALUE + random.nextInt(3))
                    : (long) (random.nextInt(2_000_001) - 1_000_000);
            case INT8 -> edge ? (random.nextBoolean() ? Long.MAX_VALUE - random.nextInt(3) : Long.MIN_VALUE + random.nextInt(3))
                    : random.nextLong() % 10_000_000_000L;
            case NUMERIC -> edge ? new BigDecimal(random.nextInt(2_000_000) - 1_000_000).movePointLeft(random.nextInt(4)).add(new BigDecimal("0.005"))
                    : BigDecimal.valueOf(random.nextInt(2_000_000) - 1_000_000, random.nextInt(5));
            case FLOAT8 -> edge ? new double[]{1e308, -1e308, 1e-308, Double.MAX_VALUE, Double.MIN_VALUE, 0.0, Double.NaN,
                    Double.POSITIVE_INFINITY}[random.nextInt(8)] : (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(12));
            default -> throw new IllegalArgumentException(type.name());
        };
    }
}

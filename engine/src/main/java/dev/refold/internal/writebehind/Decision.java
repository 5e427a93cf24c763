package dev.refold.internal.writebehind;

/** What write-behind does with one statement a handler executes. */
record Decision(Kind kind, int count, Runnable apply, HeldTable table, String reason, org.jooq.Result<?> returned) {
    enum Kind {
        /** Applied to held rows in memory; the statement never reaches the database. */
        HOLD,
        /** Goes to the database as it is: it touches no held row and reads none. */
        PASS,
        /** Goes to the database after every held row is written out; tables stay held. */
        WRITE_OUT,
        /** Goes to the database after every held row is written out, and {@link #table} (or every table, if null) stops being held. */
        STOP
    }

    static final Decision PASS = new Decision(Kind.PASS, 0, null, null, null, null);
    static final Decision WRITE_OUT = new Decision(Kind.WRITE_OUT, 0, null, null, null, null);

    static Decision hold(int count, Runnable apply) {
        return new Decision(Kind.HOLD, count, apply, null, null, null);
    }

    /** A held INSERT ... RETURNING: {@code returned} answers it, as the table would have. */
    static Decision hold(int count, Runnable apply, org.jooq.Result<?> returned) {
        return new Decision(Kind.HOLD, count, apply, null, null, returned);
    }

    /** The same held write once applied: it can still report its count and returned rows, not run again. */
    Decision applied() {
        return new Decision(kind, count, null, table, reason, returned);
    }

    static Decision stop(HeldTable table, String reason) {
        return new Decision(Kind.STOP, 0, null, table, reason, null);
    }

    static Decision stopAll(String reason) {
        return new Decision(Kind.STOP, 0, null, null, reason, null);
    }
}

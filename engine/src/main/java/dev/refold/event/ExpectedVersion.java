package dev.refold.event;

/** What the appender believes the stream's version is; the append fails if the log disagrees. */
public final class ExpectedVersion {
    private static final ExpectedVersion ANY = new ExpectedVersion(-2);
    private static final ExpectedVersion NO_STREAM = new ExpectedVersion(0);

    private final long value;

    private ExpectedVersion(long value) {
        this.value = value;
    }

    /** No check: append after whatever is there. */
    public static ExpectedVersion any() {
        return ANY;
    }

    /** The stream must not exist yet. */
    public static ExpectedVersion noStream() {
        return NO_STREAM;
    }

    /** The stream's last event must have exactly this version (versions start at 1). */
    public static ExpectedVersion exactly(long version) {
        if (version < 1) {
            throw new IllegalArgumentException("stream versions start at 1; use noStream() for an empty stream, got " + version);
        }
        return new ExpectedVersion(version);
    }

    public boolean isAny() {
        return this == ANY;
    }

    /** The expected version; 0 means no stream. Undefined for {@link #any()}. */
    public long value() {
        return value;
    }

    public boolean accepts(long actual) {
        return isAny() || actual == value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExpectedVersion other && other.value == value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value);
    }

    @Override
    public String toString() {
        if (isAny()) {
            return "any";
        }
        return value == 0 ? "no stream" : Long.toString(value);
    }
}

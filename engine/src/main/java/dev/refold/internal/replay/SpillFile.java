package dev.refold.internal.replay;

import dev.refold.internal.log.LogRow;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/**
 * The log's rows of one range of buckets, kept in a local temporary file in commit order while another range
 * folds, so that the range's own pass reads only its rows instead of the whole log again. Written once, read
 * once, deleted on close. It holds rows as read (JSON), never read-model state: losing it loses nothing, since
 * a resumed build starts again from its checkpoints.
 */
final class SpillFile implements AutoCloseable {
    /** Small: a build may keep many ranges' files open at once, each with its buffer. */
    private static final int BUFFER = 16 * 1024;

    private final Path path;
    private DataOutputStream out;
    private long rows;

    SpillFile() {
        try {
            this.path = Files.createTempFile("refold-spill-", ".rows");
            this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(path), BUFFER));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a spill file for a rebuild in " + System.getProperty("java.io.tmpdir")
                    + ": " + e.getMessage(), e);
        }
    }

    long rows() {
        return rows;
    }

    void append(LogRow row) {
        try {
            out.writeLong(row.position());
            out.writeLong(row.transactionId());
            text(row.streamId());
            out.writeLong(row.streamVersion());
            out.writeLong(row.eventId().getMostSignificantBits());
            out.writeLong(row.eventId().getLeastSignificantBits());
            text(row.type());
            out.writeInt(row.typeVersion());
            text(row.payloadJson());
            text(row.metadataJson());
            out.writeLong(row.recordedAt().getEpochSecond());
            out.writeInt(row.recordedAt().getNano());
            rows++;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the spill file " + path + ": " + e.getMessage(), e);
        }
    }

    /** Reads the rows back in the order they were appended; the file is then done with writing. */
    Reader read() {
        try {
            out.close();
            out = null;
            return new Reader(new DataInputStream(new BufferedInputStream(Files.newInputStream(path), 64 * 1024)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the spill file " + path + ": " + e.getMessage(), e);
        }
    }

    private void text(String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    @Override
    public void close() {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException ignored) {
            // the file goes anyway
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            path.toFile().deleteOnExit();
        }
    }

    /** The rows of a spill file, in order. */
    static final class Reader implements AutoCloseable {
        private final DataInputStream in;

        private Reader(DataInputStream in) {
            this.in = in;
        }

        /** The next row, or null at the end. */
        LogRow next() {
            try {
                long position;
                try {
                    position = in.readLong();
                } catch (EOFException end) {
                    return null;
                }
                return new LogRow(position, in.readLong(), text(), in.readLong(), new UUID(in.readLong(), in.readLong()), text(),
                        in.readInt(), text(), text(), Instant.ofEpochSecond(in.readLong(), in.readInt()));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read a spill file: " + e.getMessage(), e);
            }
        }

        private String text() throws IOException {
            int length = in.readInt();
            if (length < 0) {
                return null;
            }
            return new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException ignored) {
                // read to the end or abandoned: nothing to keep
            }
        }
    }
}

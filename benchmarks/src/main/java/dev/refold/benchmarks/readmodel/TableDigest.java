package dev.refold.benchmarks.readmodel;

/** A table's row count and content hash. */
public record TableDigest(long rows, String md5) {
    public String shortForm() {
        return rows + " rows, md5 " + (md5.length() > 8 ? md5.substring(0, 8) : md5);
    }
}

package dev.tailor.config;

/** Told how reading a data set goes, from the threads that read it: the command line draws a progress bar. */
@FunctionalInterface
public interface DecodeProgress {
    DecodeProgress NONE = (what, done, total) -> { };

    /** {@code done} of {@code total} images of {@code what} (e.g. "photos/train") are read. */
    void read(String what, long done, long total);
}

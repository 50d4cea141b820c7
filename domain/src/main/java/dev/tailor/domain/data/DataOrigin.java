package dev.tailor.domain.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a dataset's examples came from: a description of the source (a directory, or "in memory") and the SHA-256 of
 * every file read, by file name, so a run can be traced to the exact bytes it learned from.
 */
public record DataOrigin(String source, Map<String, String> sha256) {
    public static final DataOrigin IN_MEMORY = new DataOrigin("in memory", Map.of());

    public DataOrigin {
        // Insertion order kept: files are listed as they were read.
        sha256 = Collections.unmodifiableMap(new LinkedHashMap<>(sha256));
    }

    /** Both origins' files; the source stays this one's when they share it. */
    public DataOrigin and(DataOrigin other) {
        Map<String, String> files = new LinkedHashMap<>(sha256);
        files.putAll(other.sha256);
        String joined = source.equals(other.source) ? source : source + " + " + other.source;
        return new DataOrigin(joined, files);
    }
}

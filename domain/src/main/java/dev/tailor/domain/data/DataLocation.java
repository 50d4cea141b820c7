package dev.tailor.domain.data;

import java.nio.file.Path;

/** Where the data was found, and which rule found it (for messages and provenance). */
public record DataLocation(Path directory, String source) {
}

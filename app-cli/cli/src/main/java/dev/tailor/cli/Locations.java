package dev.tailor.cli;

import dev.tailor.domain.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** Where a user's {@code --data}, {@code --output} or {@code --model} points: this machine, or a cluster's file system. */
final class Locations {
    private Locations() {
    }

    /**
     * Whether the location is a URI of a file system the cluster reads ({@code hdfs://}, {@code s3a://}...) rather
     * than a path here. A {@code file:} URI is a path here, and so is a Windows drive ({@code C:\...}, one letter).
     */
    static boolean isRemote(String location) {
        int separator = location.indexOf("://");
        if (separator < 2) {
            return false;
        }
        String scheme = location.substring(0, separator);
        return scheme.matches("[A-Za-z][A-Za-z0-9+.-]*") && !scheme.equalsIgnoreCase("file");
    }

    /** A location on this machine as a path; {@code what} names the option in the refusal of a cluster URI. */
    static Path local(String location, String what) {
        if (isRemote(location)) {
            throw new InvalidInputException(what + " " + location + ": a cluster URI is read only with --spark (predict, sweep, "
                    + "compare); give a path on this machine");
        }
        if (location.regionMatches(true, 0, "file:", 0, 5)) {
            try {
                return Path.of(new URI(location));
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new InvalidInputException(what + " " + location + ": not a file URI (" + e.getMessage() + "); expected file:///PATH");
            }
        }
        return Path.of(location);
    }
}

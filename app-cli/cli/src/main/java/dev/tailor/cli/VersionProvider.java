package dev.tailor.cli;

import dev.tailor.domain.TailorVersion;
import dev.tailor.domain.spi.Backends;
import picocli.CommandLine;

/** {@code --version}: Tailor's, the Java runtime's and the platform's, and the backends on this class path. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"Tailor " + TailorVersion.current() + " (Java " + Runtime.version() + ", " + System.getProperty("os.arch") + ")",
                "backends: " + String.join(", ", Backends.installed().names())};
    }
}

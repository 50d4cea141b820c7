package dev.tailor.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** Tailor's version, stamped into the jar by the build. */
final class VersionProvider implements CommandLine.IVersionProvider {
    static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("/tailor-version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"Tailor " + version() + " (Java " + Runtime.version() + ", " + System.getProperty("os.arch") + ")"};
    }
}

package dev.tailor.domain;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** This Tailor's version, stamped into the domain jar by the build. */
public final class TailorVersion {
    private static final String VERSION = read();

    private TailorVersion() {
    }

    public static String current() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = TailorVersion.class.getResourceAsStream("/tailor-version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}

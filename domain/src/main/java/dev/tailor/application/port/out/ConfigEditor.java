package dev.tailor.application.port.out;

import dev.tailor.application.TailorConfig;
import java.util.Map;

/** Out-port: a config with some of its settings changed, named by their path in the config file. */
public interface ConfigEditor {
    /**
     * {@code base} with each setting (path such as {@code training.optimizer.learningRate} to its value as the config
     * file would write it) applied and validated as a config file is; {@code source} names the settings in errors.
     */
    TailorConfig with(TailorConfig base, Map<String, String> settings, String source);
}

package dev.tailor.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.application.TailorConfig;
import dev.tailor.application.port.out.ConfigEditor;
import dev.tailor.domain.InvalidInputException;
import java.util.Map;

/**
 * Adapter: settings applied to a config in its JSON form and read back like a config file, so a bad value fails with
 * the path at fault.
 */
public final class JsonConfigEditor implements ConfigEditor {
    @Override
    public TailorConfig with(TailorConfig base, Map<String, String> settings, String source) {
        ObjectNode root = Json.MAPPER.valueToTree(ConfigJson.from(base));
        try {
            for (Map.Entry<String, String> setting : settings.entrySet()) {
                String[] names = setting.getKey().split("\\.");
                ObjectNode parent = root;
                for (int i = 0; i < names.length - 1; i++) {
                    JsonNode child = parent.get(names[i]);
                    if (child == null || child.isNull()) {
                        child = parent.putObject(names[i]);
                    }
                    if (!(child instanceof ObjectNode object)) {
                        throw new InvalidInputException(source + ": " + setting.getKey() + ": " + names[i]
                                + " is not an object in the config, so it has no field " + names[i + 1]);
                    }
                    parent = object;
                }
                parent.set(names[names.length - 1], Json.MAPPER.readTree(setting.getValue()));
            }
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(source + ": " + e.getOriginalMessage());
        }
        try {
            return ConfigFiles.parse(root.toString(), source);
        } catch (ConfigException e) {
            // Line and column point into JSON built here, not into anything the user wrote; the JSON path says it all.
            throw new ConfigException(e.getMessage().replaceFirst("line \\d+, column \\d+: ", ""));
        }
    }
}

package dev.tailor.config;

import dev.tailor.domain.InvalidInputException;

/** A config file that cannot be used; the message names the file, the place in it and what was expected. */
public class ConfigException extends InvalidInputException {
    public ConfigException(String message) {
        super(message);
    }
}

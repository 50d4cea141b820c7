package dev.tailor.domain;

/** The user gave something unusable (a file, a config value, a model spec); retrying will not help. */
public class InvalidInputException extends TailorException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}

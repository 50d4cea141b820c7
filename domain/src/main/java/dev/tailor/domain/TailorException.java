package dev.tailor.domain;

/** Base of every error Tailor reports to its user; the message is written for a person, on one line. */
public class TailorException extends RuntimeException {
    public TailorException(String message) {
        super(message);
    }

    public TailorException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.tailor.domain.model;

import dev.tailor.domain.InvalidInputException;

/** A model spec that cannot be built: every backend rejects it with this same error before touching an engine. */
public class InvalidSpecException extends InvalidInputException {
    public InvalidSpecException(String message) {
        super(message);
    }
}

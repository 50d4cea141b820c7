package dev.tailor.serve;

/** A request the server refuses: the HTTP status and a message for the client. */
final class RequestError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    RequestError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}

package dev.slimline.docker;

/** A request to the daemon failed; the message says which and why, in words an operator can act on. */
public class DockerOperationException extends RuntimeException {

    private final int statusCode;

    public DockerOperationException(String message, int statusCode, Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
    }

    /** The HTTP status the daemon answered with, or 0 when it did not answer. */
    public int statusCode() {
        return statusCode;
    }

    public boolean isNotFound() {
        return statusCode == 404;
    }
}

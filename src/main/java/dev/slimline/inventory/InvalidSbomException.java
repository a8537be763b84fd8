package dev.slimline.inventory;

/** An SBOM that the CycloneDX library could not write or that its schema validation refuses: not published. */
public final class InvalidSbomException extends RuntimeException {

    InvalidSbomException(String message, Throwable cause) {
        super(message, cause);
    }
}

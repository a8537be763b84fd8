package dev.slimline.rootfs;

/** An image tar could not be read: it is not a tar, it is truncated, or it uses a format we refuse. */
public class RootfsException extends RuntimeException {

    public RootfsException(String message) {
        super(message);
    }

    public RootfsException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.slimline.rootfs;

/** An image tar exceeds one of the {@link RootfsLimits}; the message names the limit and the value. */
public class RootfsLimitException extends RootfsException {

    public RootfsLimitException(String message) {
        super(message);
    }
}

package dev.slimline.probe;

/** Probing could not go on; the message says why, for the job's error. */
public class ProbeException extends RuntimeException {

    public ProbeException(String message) {
        super(message);
    }
}

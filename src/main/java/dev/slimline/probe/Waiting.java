package dev.slimline.probe;

import java.time.Duration;

/** The pause between attempts on an application that does not answer yet. */
final class Waiting {

    private Waiting() {
    }

    /** Sleeps; an interrupt (the job canceled) ends the probing with a reason. */
    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProbeException("interrupted while waiting for the application");
        }
    }
}

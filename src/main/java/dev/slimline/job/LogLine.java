package dev.slimline.job;

import java.time.Instant;

/** One line of a job's log; {@code seq} counts from 1 within the job. */
public record LogLine(long seq, Instant at, String text) {

    /** The line as the log endpoint and {@code logs.txt} show it. */
    public String render() {
        return at + " " + text + "\n";
    }
}

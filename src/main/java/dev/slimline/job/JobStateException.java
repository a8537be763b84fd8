package dev.slimline.job;

/** The job's status does not allow what was asked (delete while it runs, cancel once it ended). */
public class JobStateException extends RuntimeException {

    public JobStateException(String message) {
        super(message);
    }
}

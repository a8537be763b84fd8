package dev.slimline.job;

/** No job has this id. */
public class JobNotFoundException extends RuntimeException {

    public JobNotFoundException(String id) {
        super("no job with id " + id);
    }
}

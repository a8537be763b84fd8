package dev.slimline.docker;

/** Labels Slimline puts on what it creates, so it can find and reap them later. */
public final class SlimlineLabels {

    /** The id of the job a container or image belongs to. */
    public static final String JOB = "slimline.job";

    /** What the container or image is for in its job ({@code instrumented}, {@code export}, {@code verify}, ...). */
    public static final String ROLE = "slimline.role";

    /**
     * The id of the job that built an image. Not {@link #JOB}: a container inherits its image's
     * labels, and a container that carries {@link #JOB} is the job's to remove, so every container
     * that users run from a slim image would be reaped.
     */
    public static final String SOURCE_JOB = "slimline.source.job";

    private SlimlineLabels() {
    }
}

package dev.slimline.docker;

/** Labels Slimline puts on what it creates, so it can find and reap them later. */
public final class SlimlineLabels {

    /** The id of the job a container or image belongs to. */
    public static final String JOB = "slimline.job";

    /** What the container or image is for in its job ({@code instrumented}, {@code export}, {@code verify}, ...). */
    public static final String ROLE = "slimline.role";

    private SlimlineLabels() {
    }
}

package dev.slimline.probe;

/**
 * What one probe of a {@link ProbeSource} got back, judged by the probe's own expectations.
 *
 * @param source the source's name ({@code exec}, {@code tcp}, ...)
 * @param request how a person would write what was sent
 * @param answer a short account of the answer; null when none came
 * @param error why the answer did not meet the expectations; null when it did
 * @param millis how long the probe took
 */
public record ProbeOutcome(String source, String request, String answer, String error, long millis) {

    public boolean passed() {
        return error == null;
    }
}

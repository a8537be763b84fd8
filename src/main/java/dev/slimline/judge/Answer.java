package dev.slimline.judge;

/**
 * One answer, as far as judging needs it.
 *
 * @param status HTTP status
 * @param contentType the {@code Content-Type} header, null when absent
 * @param sha256 hex digest of the whole body
 * @param body the whole body when it was small enough to keep; null otherwise (then only the
 *     digest can be compared)
 */
public record Answer(int status, String contentType, String sha256, byte[] body) {
}

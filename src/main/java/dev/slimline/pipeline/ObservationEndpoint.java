package dev.slimline.pipeline;

/**
 * Where the observed application can be reached from where the service runs, through the
 * recording proxy in front of one of its ports.
 *
 * @param containerPort the application's port inside its container
 * @param url the proxy's address, such as {@code http://127.0.0.1:41234}
 */
public record ObservationEndpoint(int containerPort, String url) {
}

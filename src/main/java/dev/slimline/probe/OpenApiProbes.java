package dev.slimline.probe;

import java.util.List;

/**
 * Probes made from the application's OpenAPI document.
 *
 * @param port the container port the API is on; null means the first published one
 * @param path where the application serves its document; null when {@code document} is given
 * @param document the document itself (JSON or YAML)
 * @param methods methods besides GET and HEAD whose operations are called too
 */
public record OpenApiProbes(Integer port, String path, String document, List<String> methods) {

    public OpenApiProbes {
        methods = methods == null ? List.of() : List.copyOf(methods);
    }
}

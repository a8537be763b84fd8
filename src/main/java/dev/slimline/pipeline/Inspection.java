package dev.slimline.pipeline;

import dev.slimline.docker.ImageDetails;
import java.util.List;

/**
 * What the inspect phase learned: the image, and how the application is started.
 *
 * @param argv entrypoint followed by cmd, after the job's overrides
 * @param ports container TCP ports to publish and probe ({@code 8080/tcp})
 * @param architecture the image's CPU architecture ({@code amd64}, {@code arm64})
 */
record Inspection(ImageDetails image, List<String> entrypoint, List<String> cmd, List<String> argv,
        List<String> ports, String architecture) {

    List<Integer> portNumbers() {
        return ports.stream().map(p -> Integer.parseInt(p.substring(0, p.indexOf('/')))).toList();
    }
}

package dev.slimline.pipeline;

import dev.slimline.rootfs.FilterStats;

/**
 * The slim image, as the build phase made it.
 *
 * @param dockerfile the Dockerfile that gave the filtered filesystem its configuration
 */
record Built(String tag, String imageId, long sizeBytes, String dockerfile, FilterStats stats) {
}

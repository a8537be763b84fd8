package dev.slimline.pipeline;

import dev.slimline.rootfs.KeepSet;

/**
 * What the select phase decided.
 *
 * @param exportContainerId a never-started container of the original image, the only source of file content
 * @param entries how many entries the original filesystem has
 */
record Selection(String exportContainerId, KeepSet keepSet, int entries) {
}

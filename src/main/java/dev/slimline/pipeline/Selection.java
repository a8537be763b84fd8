package dev.slimline.pipeline;

import dev.slimline.inventory.Inventory;
import dev.slimline.rootfs.ImageIndex;
import dev.slimline.rootfs.KeepSet;

/**
 * What the select phase decided.
 *
 * @param exportContainerId a never-started container of the original image, the only source of file content
 * @param spool that container's export as read for the index, when it could be kept
 * @param index the original filesystem's entries, for resolving paths inside the image
 * @param inventory the packages the original filesystem holds
 */
record Selection(String exportContainerId, ExportSpool spool, ImageIndex index, KeepSet keepSet,
        Inventory inventory) {
}

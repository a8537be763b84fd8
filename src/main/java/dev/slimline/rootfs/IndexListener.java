package dev.slimline.rootfs;

import java.io.IOException;
import java.io.InputStream;

/**
 * Sees every entry of an image export while {@link ImageIndexer} reads it, so that what needs a
 * few files' content (a package inventory) gets it from the same pass over the export.
 */
@FunctionalInterface
public interface IndexListener {

    IndexListener NONE = (entry, content) -> {
    };

    /**
     * One entry, in the order of the tar.
     *
     * @param content a regular file's content from its first byte, to be read as far as wanted
     *     (the rest is skipped) and not closed; empty for other entries and for ELF files and
     *     loader configuration, whose content the indexer reads itself
     */
    void entry(ImageEntry entry, InputStream content) throws IOException;
}

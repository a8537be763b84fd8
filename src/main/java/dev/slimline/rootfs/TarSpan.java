package dev.slimline.rootfs;

/**
 * Where one entry of an image tar lies in it: its header blocks, content and padding, so the filter
 * can copy it from a local copy of the tar without reading what it leaves out.
 *
 * @param offset where its first header block starts
 * @param length its header blocks, content and padding
 * @param size its content bytes
 * @param rejected whether its name was refused (it is in no index and never kept)
 */
record TarSpan(long offset, long length, String path, EntryType type, String link, long size, boolean rejected) {
}

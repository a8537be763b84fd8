package dev.slimline.rootfs;

/** A file starts like an ELF file but its headers contradict themselves or the file's length. */
final class MalformedElfException extends Exception {

    MalformedElfException(String message) {
        super(message);
    }
}

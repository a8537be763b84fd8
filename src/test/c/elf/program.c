/*
 * The body of every stand-in executable: read by the tests, never run. It is laid out like a real
 * program of some size: a note section puts the dynamic symbols and strings beyond the first 4 KiB
 * of the file, and read-only padding puts the dynamic section beyond the first 8 KiB, so the tests
 * can read it the way the indexer does (the head of the file, then the dynamic segment alone).
 */
__asm__(".section .note.slimline.padding, \"a\", @note\n"
        ".balign 4\n"
        ".fill 4096, 1, 0\n"
        ".previous\n");

const char slimline_fixture_padding[12288] = {1};

void _start(void) {
    for (;;) {
    }
}

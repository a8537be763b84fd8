package dev.slimline.rootfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ShebangTest {

    private static String interpreter(String head, boolean wholeFile) {
        return Shebang.interpreter(head.getBytes(StandardCharsets.UTF_8), wholeFile);
    }

    @Test
    void readsTheFirstWordAfterTheHashBang() {
        assertThat(interpreter("#!/bin/bash\necho hi\n", true)).isEqualTo("/bin/bash");
        assertThat(interpreter("#! \t/usr/bin/env python3\n", true)).isEqualTo("/usr/bin/env");
        assertThat(interpreter("#!/bin/sh", true)).isEqualTo("/bin/sh");
    }

    @Test
    void namesNothingWithoutAnAbsoluteInterpreter() {
        assertThat(interpreter("echo hi\n", true)).isNull();
        assertThat(interpreter("#!bash\n", true)).isNull();
        assertThat(interpreter("#!\n", true)).isNull();
        assertThat(interpreter("#", true)).isNull();
    }

    @Test
    void aLineCutOffByTheHeadIsNoInterpreter() {
        assertThat(interpreter("#!/very/long/interpreter/pa", false)).isNull();
    }
}

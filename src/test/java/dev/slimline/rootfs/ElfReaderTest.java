package dev.slimline.rootfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ElfReaderTest {

    private static final byte[] LS = ElfFixtures.ls();
    private static final byte[] LIBC = ElfFixtures.libc();
    private static final String INTERPRETER = "/lib64/ld-linux-x86-64.so.2";

    @Test
    void readsADynamicallyLinkedExecutable() throws Exception {
        ElfInfo info = ElfReader.read(LS).orElseThrow();

        assertThat(info.bits()).isEqualTo(64);
        assertThat(info.littleEndian()).isTrue();
        assertThat(info.machine()).isEqualTo(62);
        assertThat(info.interpreter()).isEqualTo(INTERPRETER);
        assertThat(info.needed()).containsExactly("libselinux.so.1", "libc.so.6");
        assertThat(info.rpath()).isEmpty();
        assertThat(info.runpath()).isEmpty();
        assertThat(info.complete()).isTrue();
    }

    @Test
    void readsRunpathAndRpathUnexpanded() throws Exception {
        ElfInfo runpath = ElfReader.read(ElfFixtures.runpathApp()).orElseThrow();
        ElfInfo rpath = ElfReader.read(ElfFixtures.rpathApp()).orElseThrow();

        assertThat(runpath.runpath()).containsExactly("$ORIGIN/../lib", "/opt/lib");
        assertThat(runpath.rpath()).isEmpty();
        assertThat(runpath.needed()).containsExactly("libc.so.6");
        assertThat(rpath.rpath()).containsExactly("/opt/legacy/lib");
        assertThat(rpath.runpath()).isEmpty();
    }

    @Test
    void readsASharedLibrary() throws Exception {
        ElfInfo info = ElfReader.read(LIBC).orElseThrow();

        assertThat(info.interpreter()).isNull();
        assertThat(info.needed()).containsExactly("ld-linux-x86-64.so.2");
        assertThat(info.complete()).isTrue();
    }

    @Test
    void readsAStaticBinary() throws Exception {
        ElfInfo info = ElfReader.read(ElfFixtures.staticBinary()).orElseThrow();

        assertThat(info.machine()).isEqualTo(62);
        assertThat(info.interpreter()).isNull();
        assertThat(info.needed()).isEmpty();
        assertThat(info.complete()).isTrue();
    }

    @Test
    void aScriptIsNotElf() throws Exception {
        assertThat(ElfReader.read("#!/bin/sh\necho hi\n".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(ElfReader.read(new byte[0])).isEmpty();
    }

    @Test
    void readsFromTheHeadAndTheCapturedDynamicSegmentAlone() throws Exception {
        byte[] head = Arrays.copyOf(LS, 8192);
        ElfFixtures.Segment expected = ElfFixtures.dynamicSegment(LS);
        assertThat(expected.offset()).as("the fixture's dynamic section lies beyond the head").isGreaterThan(8192);

        ElfReader.Range dynamic = ElfReader.dynamicSegment(LS.length, head).orElseThrow();
        assertThat(dynamic).isEqualTo(new ElfReader.Range(expected.offset(), expected.length()));
        byte[] extra = Arrays.copyOfRange(LS, expected.offset(), expected.offset() + expected.length());

        ElfInfo info = ElfReader.read(LS.length, head, dynamic.offset(), extra).orElseThrow();
        assertThat(info.interpreter()).isEqualTo(INTERPRETER);
        assertThat(info.needed()).containsExactly("libselinux.so.1", "libc.so.6");
        assertThat(info.complete()).isTrue();
    }

    @Test
    void saysIncompleteWhenTheDynamicSegmentWasNotCaptured() throws Exception {
        ElfInfo info = ElfReader.read(LS.length, Arrays.copyOf(LS, 4096), 0, null).orElseThrow();

        assertThat(info.complete()).isFalse();
        assertThat(info.interpreter()).isEqualTo(INTERPRETER);
        assertThat(info.needed()).isEmpty();
    }

    @Test
    void readsBigEndian32BitFiles() throws Exception {
        byte[] elf = craft32BitBigEndian();

        ElfInfo info = ElfReader.read(elf).orElseThrow();

        assertThat(info.bits()).isEqualTo(32);
        assertThat(info.littleEndian()).isFalse();
        assertThat(info.machine()).isEqualTo(8);
        assertThat(info.interpreter()).isEqualTo("/lib/ld.so.1");
        assertThat(info.needed()).containsExactly("libc.so.6");
        assertThat(info.runpath()).containsExactly("$ORIGIN/../lib", "/opt/lib");
    }

    @Test
    void truncatedCopiesEndInMalformedElfOrAPartialAnswer() {
        for (int length = 1; length < LS.length; length += length < 2048 ? 1 : 997) {
            byte[] truncated = Arrays.copyOf(LS, length);
            assertOnlyMalformedOrInfo(truncated);
        }
        assertThatThrownBy(() -> ElfReader.read(Arrays.copyOf(LS, 40))).isInstanceOf(MalformedElfException.class);
        int dynamicEnds = ElfFixtures.dynamicSegment(LS).offset() + ElfFixtures.dynamicSegment(LS).length();
        assertThatThrownBy(() -> ElfReader.read(Arrays.copyOf(LS, dynamicEnds - 1)))
                .isInstanceOf(MalformedElfException.class).hasMessageContaining("beyond the end of the file");
    }

    @Test
    void corruptedCopiesEndInMalformedElfOrAnAnswer() {
        // the headers, program headers and dynamic section are where values steer the reader
        ByteBuffer header = ByteBuffer.wrap(LS).order(ByteOrder.LITTLE_ENDIAN);
        int headers = (int) header.getLong(32) + header.getShort(54) * header.getShort(56);
        ElfFixtures.Segment dynamic = ElfFixtures.dynamicSegment(LS);
        assertThat(header.getLong(dynamic.offset()))
                .as("the aim is the dynamic section: its first entry is DT_NEEDED").isEqualTo(1);
        Random random = new Random(42);
        for (int round = 0; round < 3000; round++) {
            byte[] corrupt = LS.clone();
            for (int flips = 0; flips < 1 + random.nextInt(8); flips++) {
                int at = random.nextBoolean() ? random.nextInt(headers)
                        : dynamic.offset() + random.nextInt(dynamic.length());
                corrupt[at] = (byte) random.nextInt(256);
            }
            assertOnlyMalformedOrInfo(corrupt);
        }
    }

    @Test
    void hostileSizesAllocateNothingLarge() {
        byte[] hostile = LS.clone();
        ByteBuffer b = ByteBuffer.wrap(hostile).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(56, (short) 0xffff);
        b.putLong(32, Long.MAX_VALUE - 10);
        assertThatThrownBy(() -> ElfReader.read(hostile)).isInstanceOf(MalformedElfException.class);

        byte[] badClass = LS.clone();
        badClass[4] = 7;
        assertThatThrownBy(() -> ElfReader.read(badClass)).isInstanceOf(MalformedElfException.class)
                .hasMessageContaining("class");
    }

    private static void assertOnlyMalformedOrInfo(byte[] bytes) {
        try {
            Optional<ElfInfo> info = ElfReader.read(bytes);
            info.ifPresent(i -> assertThat(i.needed().size()).isLessThan(100));
        } catch (MalformedElfException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    /** ELF32 MSB MIPS: header, PT_INTERP, one PT_LOAD over the whole file, PT_DYNAMIC; strings at the end. */
    static byte[] craft32BitBigEndian() {
        ByteBuffer b = ByteBuffer.allocate(512).order(ByteOrder.BIG_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 1, 2, 1});
        b.putShort(16, (short) 2).putShort(18, (short) 8).putInt(20, 1);
        b.putInt(28, 52).putShort(40, (short) 52).putShort(42, (short) 32).putShort(44, (short) 3);
        int interp = 300;
        int dynamic = 200;
        int strtab = 340;
        putPhdr(b, 52, 3, interp, interp, 13);
        putPhdr(b, 84, 1, 0, 0x10000, 512);
        putPhdr(b, 116, 2, dynamic, 0x10000 + dynamic, 40);
        b.put(interp, "/lib/ld.so.1\0".getBytes(StandardCharsets.US_ASCII));
        String strings = "\0libc.so.6\0$ORIGIN/../lib:/opt/lib\0";
        b.put(strtab, strings.getBytes(StandardCharsets.US_ASCII));
        int[][] dyn = {{1, 1}, {29, 11}, {5, 0x10000 + strtab}, {10, strings.length()}, {0, 0}};
        for (int i = 0; i < dyn.length; i++) {
            b.putInt(dynamic + 8 * i, dyn[i][0]).putInt(dynamic + 8 * i + 4, dyn[i][1]);
        }
        return b.array();
    }

    private static void putPhdr(ByteBuffer b, int at, int type, int offset, int vaddr, int size) {
        b.putInt(at, type).putInt(at + 4, offset).putInt(at + 8, vaddr).putInt(at + 12, vaddr)
                .putInt(at + 16, size).putInt(at + 20, size);
    }

}

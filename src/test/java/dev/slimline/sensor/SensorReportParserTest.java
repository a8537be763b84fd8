package dev.slimline.sensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SensorReportParserTest {

    private static final String GOOD = """
            {"schemaVersion":1,"sensorVersion":"0.1.0",
             "app":{"argv":["node","/x.js"],"exitCode":143,"signal":15,"startError":null},
             "stoppedBy":"sigterm","graceExpired":false,"traceMode":"seccomp",
             "truncated":false,"truncatedParts":[],"unresolvedPaths":2,
             "syscalls":{"openat":120,"read":5000,"syscall_999":1},
             "files":[
              {"path":"/","ok":["list"],"failed":[]},
              {"path":"/etc/hostname","ok":["read"],"failed":[]},
              {"path":"/opt/odd-\\udcff-name","ok":[],"failed":["read","stat"]},
              {"path":"/usr/bin/node","ok":["exec","stat"],"failed":["exec"]}],
             "processes":[{"pid":7,"ppid":1,"exe":"/usr/bin/node","argv":["node","/x.js"],"cwd":"/opt"}],
             "futureField":{"nested":[1,2,{"a":null}]}}
            """;

    private final SensorReportParser parser = new SensorReportParser();

    @Test
    void readsTheCallsAllowedWithoutObservationAndTakesNoneWhenTheFieldIsMissing() {
        SensorReport fast = parser.parse(stream(GOOD.replace("\"traceMode\":\"seccomp\",",
                "\"traceMode\":\"seccomp\",\"allowedWithoutObservation\":[\"futex\",\"read\"],")));

        assertThat(fast.allowedWithoutObservation()).containsExactly("futex", "read");
        assertThat(parser.parse(stream(GOOD)).allowedWithoutObservation()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[\"read\",\"read\"]   | appears twice",
        "[\"rm -rf\"]          | is not a system call name",
        "\"read\"              | expected an array"})
    void refusesABadListOfCallsAllowedWithoutObservation(String list, String problem) {
        String report = GOOD.replace("\"traceMode\":\"seccomp\",",
                "\"traceMode\":\"seccomp\",\"allowedWithoutObservation\":" + list + ",");

        assertThatThrownBy(() -> parser.parse(stream(report))).isInstanceOf(InvalidSensorReportException.class)
                .hasMessageContaining("allowedWithoutObservation").hasMessageContaining(problem);
    }

    @Test
    void readsEveryPartOfAGoodReport() {
        SensorReport report = parser.parse(stream(GOOD));

        assertThat(report.schemaVersion()).isEqualTo(1);
        assertThat(report.sensorVersion()).isEqualTo("0.1.0");
        assertThat(report.app()).isEqualTo(new AppOutcome(List.of("node", "/x.js"), 143, 15, null));
        assertThat(report.stoppedBy()).isEqualTo(StopReason.SIGTERM);
        assertThat(report.traceMode()).isEqualTo("seccomp");
        assertThat(report.truncated()).isFalse();
        assertThat(report.unresolvedPaths()).isEqualTo(2);
        assertThat(report.syscalls()).isEqualTo(Map.of("openat", 120L, "read", 5000L, "syscall_999", 1L));
        assertThat(report.files()).extracting(FileAccess::path)
                .containsExactly("/", "/etc/hostname", "/opt/odd-\udcff-name", "/usr/bin/node");
        assertThat(report.file("/usr/bin/node")).get().satisfies(f -> {
            assertThat(f.ok()).containsExactlyInAnyOrder(AccessKind.EXEC, AccessKind.STAT);
            assertThat(f.failed()).containsExactly(AccessKind.EXEC);
        });
        assertThat(report.file("/etc/hostname").orElseThrow().succeeded(AccessKind.READ)).isTrue();
        assertThat(report.processes()).containsExactly(
                new ProcessRecord(7, 1, "/usr/bin/node", List.of("node", "/x.js"), "/opt"));
    }

    @Test
    void leavesTheStreamOpenAndUnreadPastTheReport() throws IOException {
        WatchedStream plain = new WatchedStream(GOOD.getBytes(StandardCharsets.UTF_8));
        parser.parse(plain);
        assertThat(plain.closed).as("the caller's to close").isFalse();

        byte[] archive = tar(List.of(new Entry("report.json", GOOD), new Entry("after.txt", "what follows")));
        // tar arithmetic: one header block, then the report padded to whole 512-byte blocks
        int nextHeader = 512 + (GOOD.getBytes(StandardCharsets.UTF_8).length + 511) / 512 * 512;
        WatchedStream in = new WatchedStream(archive);
        parser.parseArchive(in);

        assertThat(in.closed).as("the caller's to close").isFalse();
        assertThat(in.position).as("read no further than the report's entry").isLessThanOrEqualTo(nextHeader);
        in.skipNBytes(nextHeader - in.position);
        TarArchiveInputStream rest = new TarArchiveInputStream(in);
        assertThat(rest.getNextEntry().getName()).isEqualTo("after.txt");
        assertThat(new String(rest.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("what follows");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            relative path              | "path":"/etc/hostname"  | "path":"etc/hostname"   | files[1].path: "etc/hostname" is not absolute
            path with ..               | "path":"/etc/hostname"  | "path":"/etc/../root"   | files[1].path: "/etc/../root" is not normalised (..)
            path with .                | "path":"/etc/hostname"  | "path":"/etc/./x"       | files[1].path: "/etc/./x" is not normalised (.)
            path with //               | "path":"/etc/hostname"  | "path":"/etc//x"        | files[1].path: "/etc//x" is not normalised (//)
            path ending in /           | "path":"/etc/hostname"  | "path":"/etc/"          | files[1].path: "/etc/" is not normalised (ends with /)
            path with NUL              | "path":"/etc/hostname"  | "path":"/etc/a\\u0000b"  | files[1].path: "/etc/a\\u0000b" is not a path (it holds a NUL)
            empty path                 | "path":"/etc/hostname"  | "path":""               | files[1].path: "" is empty
            number as path             | "path":"/etc/hostname"  | "path":7                | files[1].path: expected a string, found a whole number
            unknown access kind        | "ok":["read"]           | "ok":["reed"]           | files[1].ok: "reed" is not an access kind
            same path twice            | "path":"/etc/hostname"  | "path":"/"              | files[1].path: "/" appears twice
            file without path          | "path":"/etc/hostname", | ""                      | no files[1].path
            upper-case syscall         | "openat":120            | "OpenAt":120            | syscalls: "OpenAt" is not a system call name
            syscall with a dash        | "openat":120            | "open-at":120           | syscalls: "open-at" is not a system call name
            negative count             | "openat":120            | "openat":-1             | syscalls.openat: negative
            fractional count           | "openat":120            | "openat":1.5            | syscalls.openat: expected a whole number, found a fraction
            unsupported schema         | "schemaVersion":1       | "schemaVersion":2       | schemaVersion 2 is not supported
            no schema version          | "schemaVersion":1,      | ""                      | no schemaVersion
            no files                   | "files":[               | "filez":[               | no files
            unknown stop reason        | "stoppedBy":"sigterm"   | "stoppedBy":"sigkill"   | stoppedBy "sigkill" is neither
            exit code out of range     | "exitCode":143          | "exitCode":300          | app.exitCode: 300 is out of range 0..255
            relative cwd               | "cwd":"/opt"            | "cwd":"opt"             | processes[0].cwd: "opt" is not absolute
            duplicate field            | "traceMode":"seccomp"   | "traceMode":"seccomp","traceMode":"x" | not well-formed JSON: Duplicate field 'traceMode'
            syntax error               | "truncated":false       | "truncated":fals        | not well-formed JSON
            """)
    void rejectsBadInputSayingWhatIsWrong(String what, String good, String bad, String message) {
        assertThat(GOOD).contains(good);
        String report = GOOD.replaceFirst(java.util.regex.Pattern.quote(good),
                java.util.regex.Matcher.quoteReplacement(bad.equals("\"\"") ? "" : bad));

        assertThatThrownBy(() -> parser.parse(stream(report)))
                .isInstanceOf(InvalidSensorReportException.class)
                .hasMessageStartingWith("invalid sensor report: ")
                .hasMessageContaining(message);
    }

    @Test
    void rejectsWhatIsNotAReport() {
        assertThatThrownBy(() -> parser.parse(stream("[1,2]"))).hasMessage("invalid sensor report: not a JSON object");
        assertThatThrownBy(() -> parser.parse(stream(""))).hasMessage("invalid sensor report: not a JSON object");
        assertThatThrownBy(() -> parser.parse(stream(GOOD + "{}")))
                .hasMessage("invalid sensor report: content after the report's end");
    }

    @Test
    void rejectsMoreFilesProcessesOrSyscallsThanItsLimits() {
        SensorReportLimits defaults = SensorReportLimits.defaults();
        assertThatThrownBy(() -> new SensorReportParser(new SensorReportLimits(defaults.maxBytes(), 3, 10, 10,
                4096, 10, 100)).parse(stream(GOOD))).hasMessage("invalid sensor report: files: more than 3 entries");
        assertThatThrownBy(() -> new SensorReportParser(new SensorReportLimits(defaults.maxBytes(), 10, 0, 10,
                4096, 10, 100)).parse(stream(GOOD)))
                .hasMessage("invalid sensor report: processes: more than 0 entries");
        assertThatThrownBy(() -> new SensorReportParser(new SensorReportLimits(defaults.maxBytes(), 10, 10, 2,
                4096, 10, 100)).parse(stream(GOOD))).hasMessage("invalid sensor report: syscalls: more than 2 names");
        assertThatThrownBy(() -> new SensorReportParser(new SensorReportLimits(defaults.maxBytes(), 10, 10, 10,
                10, 10, 100)).parse(stream(GOOD)))
                .hasMessageContaining("files[1].path: longer than 10 chars");
        assertThatThrownBy(() -> new SensorReportParser(new SensorReportLimits(defaults.maxBytes(), 10, 10, 10,
                4096, 1, 100)).parse(stream(GOOD)))
                .hasMessageContaining("app.argv: more than 1 arguments");
    }

    @Test
    void rejectsAPathLongerThanAnyRealOne() {
        String longPath = "/" + "a".repeat(5000);
        String report = GOOD.replace("\"/etc/hostname\"", "\"" + longPath + "\"");

        assertThatThrownBy(() -> parser.parse(stream(report)))
                .isInstanceOf(InvalidSensorReportException.class)
                .hasMessageContaining("files[1].path: longer than 4096 chars");
    }

    @Test
    void rejectsAnOversizedDocumentWithoutReadingItAll() {
        long limit = 1024 * 1024;
        SensorReportParser small = new SensorReportParser(new SensorReportLimits(limit, 10, 10, 10, 4096, 10, 100));
        EndlessReport endless = new EndlessReport();

        assertThatThrownBy(() -> small.parse(endless))
                .isInstanceOf(InvalidSensorReportException.class)
                .hasMessage("invalid sensor report: larger than 1048576 bytes");
        assertThat(endless.served).isLessThan(limit + 64 * 1024);
    }

    @Test
    void rejectsDeepNestingAndHugeStringsEvenInFieldsItDoesNotKnow() {
        String deep = GOOD.replace("\"futureField\":{", "\"futureField\":" + "[".repeat(100) + "]".repeat(100)
                + ",\"other\":{");
        assertThatThrownBy(() -> parser.parse(stream(deep)))
                .isInstanceOf(InvalidSensorReportException.class)
                .hasMessageContaining("nesting depth");

        String huge = GOOD.replace("\"futureField\":{", "\"futureField\":\"" + "x".repeat(1_000_000)
                + "\",\"other\":{");
        assertThatThrownBy(() -> parser.parse(stream(huge)))
                .isInstanceOf(InvalidSensorReportException.class)
                .hasMessageContaining("String value length");
    }

    @Test
    void readsTheReportOutOfTheArchiveDockerReturns() throws IOException {
        byte[] tar = tar(List.of(new Entry("dir/", null), new Entry("report.json", GOOD)));

        SensorReport report = parser.parseArchive(new ByteArrayInputStream(tar));

        assertThat(report.file("/etc/hostname")).isPresent();
    }

    @Test
    void rejectsAnArchiveWithoutAReportOrWithAnOversizedOne() throws IOException {
        assertThatThrownBy(() -> parser.parseArchive(new ByteArrayInputStream(tar(List.of(new Entry("d/", null))))))
                .hasMessage("invalid sensor report: the archive holds no regular file");
        SensorReportParser small = new SensorReportParser(new SensorReportLimits(100, 10, 10, 10, 4096, 10, 100));
        assertThatThrownBy(() -> small.parseArchive(new ByteArrayInputStream(tar(List.of(
                new Entry("report.json", GOOD)))))).hasMessageContaining("more than the limit of 100");
        assertThatThrownBy(() -> parser.parseArchive(stream("not a tar at all")))
                .isInstanceOf(InvalidSensorReportException.class);
    }

    @Test
    void quotesUntrustedValuesSafelyInMessages() {
        assertThat(SensorReportParser.quote("a\nb\u001b")).isEqualTo("\"a\\u000ab\\u001b\"");
        assertThat(SensorReportParser.quote("x".repeat(200))).endsWith("\"...").hasSize(80 + 5);
    }

    @Test
    void acceptsOnlyAbsoluteNormalisedPaths() {
        assertThat(SensorReportParser.pathProblem("/", 10)).isNull();
        assertThat(SensorReportParser.pathProblem("/a/b..c/.d", 20)).isNull();
        assertThat(SensorReportParser.pathProblem("/a/..", 20)).isNotNull();
    }

    @Test
    void givesBackTheBytesOfAPathThatIsNotUtf8() {
        FileAccess odd = parser.parse(stream(GOOD)).file("/opt/odd-\udcff-name").orElseThrow();
        FileAccess text = new FileAccess("/srv/caf\u00e9/\ud83d\ude00", Set.of(), Set.of());

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes("/opt/odd-".getBytes(StandardCharsets.US_ASCII));
        expected.write(0xff);
        expected.writeBytes("-name".getBytes(StandardCharsets.US_ASCII));
        assertThat(odd.pathBytes()).isEqualTo(expected.toByteArray());
        assertThat(text.pathBytes()).isEqualTo("/srv/caf\u00e9/\ud83d\ude00".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keepsTheKindsOfAnAccessImmutable() {
        FileAccess access = new FileAccess("/x", Set.of(AccessKind.READ), Set.of());
        assertThatThrownBy(() -> access.ok().add(AccessKind.WRITE)).isInstanceOf(UnsupportedOperationException.class);
    }

    private static final String WITH_ERRORS = """
            {"schemaVersion":1,"sensorVersion":"0.1.0",
             "app":{"argv":["nginx"],"exitCode":0,"signal":null,"startError":null},
             "stoppedBy":"sigterm","graceExpired":false,"traceMode":"seccomp",
             "truncated":false,"truncatedParts":[],"unresolvedPaths":0,"syscalls":{"mkdir":2},
             "files":[
              {"path":"/var/lib/nginx/body","ok":[],"failed":["write"],"errors":{"write":["EEXIST"]}},
              {"path":"/etc/passwd","ok":["read"],"failed":["link","read"],
               "errors":{"read":["EACCES","EISDIR"],"link":["EINVAL"]}},
              {"path":"/usr/lib/x.so","ok":[],"failed":["read"],"errors":{"read":["ENOENT"]}}],
             "processes":[]}
            """;

    @Test
    void readsTheErrorsOfFailedCallsByKind() {
        SensorReport report = parser.parse(stream(WITH_ERRORS));

        assertThat(report.file("/var/lib/nginx/body").orElseThrow().errors())
                .isEqualTo(Map.of(AccessKind.WRITE, Set.of("EEXIST")));
        assertThat(report.file("/etc/passwd").orElseThrow().errors())
                .isEqualTo(Map.of(AccessKind.READ, Set.of("EACCES", "EISDIR"), AccessKind.LINK, Set.of("EINVAL")));
        assertThat(report.file("/etc/hostname")).isEmpty();
        assertThat(parser.parse(stream(GOOD)).file("/usr/bin/node").orElseThrow().errors()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown kind            | {"write":["EEXIST"]} | {"writ":["EEXIST"]}  | files[0].errors: "writ" is not an access kind
            lower-case errno name   | {"write":["EEXIST"]} | {"write":["eexist"]} | files[0].errors.write: "eexist" is not an errno name
            errno as a number       | {"write":["EEXIST"]} | {"write":[17]}       | files[0].errors.write[0]: expected a string, found a whole number
            kind that did not fail  | {"write":["EEXIST"]} | {"read":["EEXIST"]}  | files[0].errors: lists read, which is not in failed
            not an object           | {"write":["EEXIST"]} | ["EEXIST"]           | files[0].errors: expected an object, found an array
            """)
    void rejectsBadErrorsSayingWhatIsWrong(String what, String good, String bad, String message) {
        assertThat(WITH_ERRORS).contains(good);
        String report = WITH_ERRORS.replace(good, bad);

        assertThatThrownBy(() -> parser.parse(stream(report)))
                .isInstanceOf(InvalidSensorReportException.class)
                .hasMessageContaining(message);
    }

    @Test
    void rejectsMoreErrorsOnOnePathThanTheBound() {
        String many = java.util.stream.IntStream.range(0, SensorReportParser.MAX_ERRORS_PER_FILE + 1)
                .mapToObj(i -> "\"E" + i + "\"").collect(java.util.stream.Collectors.joining(","));
        String report = WITH_ERRORS.replace("{\"write\":[\"EEXIST\"]}", "{\"write\":[" + many + "]}");

        assertThatThrownBy(() -> parser.parse(stream(report)))
                .hasMessageContaining("files[0].errors: more than " + SensorReportParser.MAX_ERRORS_PER_FILE
                        + " errors");
    }

    @Test
    void rejectsAPathWithASurrogateThatStandsForNoByte() {
        String report = GOOD.replace("/opt/odd-\\udcff-name", "/opt/odd-\\ud800-name");

        assertThatThrownBy(() -> parser.parse(stream(report)))
                .hasMessageContaining("files[2].path: \"/opt/odd-\\ud800-name\" is no name of bytes");
    }

    @Test
    void mergingReportsUnitesTheErrorsOfAPath() {
        SensorReport first = parser.parse(stream(WITH_ERRORS));
        SensorReport second = parser.parse(stream(WITH_ERRORS.replace("\"EEXIST\"", "\"EACCES\"")));

        assertThat(first.plus(second).file("/var/lib/nginx/body").orElseThrow().errors())
                .isEqualTo(Map.of(AccessKind.WRITE, Set.of("EACCES", "EEXIST")));
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private record Entry(String name, String content) {
    }

    private static byte[] tar(List<Entry> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (Entry entry : entries) {
                TarArchiveEntry e = new TarArchiveEntry(entry.name());
                byte[] data = entry.content() == null ? new byte[0] : entry.content().getBytes(StandardCharsets.UTF_8);
                e.setSize(data.length);
                tar.putArchiveEntry(e);
                tar.write(data);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** A stream over bytes that counts how far it was read and remembers whether it was closed. */
    private static final class WatchedStream extends InputStream {
        private final byte[] bytes;
        int position;
        boolean closed;

        WatchedStream(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            int n = Math.min(len, bytes.length - position);
            if (n <= 0) {
                return -1;
            }
            System.arraycopy(bytes, position, b, off, n);
            position += n;
            return n;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** A report whose files array never ends, counting what it served. */
    private static final class EndlessReport extends InputStream {
        private static final byte[] HEAD = "{\"schemaVersion\":1,\"files\":[".getBytes(StandardCharsets.UTF_8);
        long served;

        @Override
        public int read() {
            long at = served++;
            return at < HEAD.length ? HEAD[(int) at] : ' ';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            for (int i = 0; i < len; i++) {
                b[off + i] = (byte) read();
            }
            return len;
        }
    }
}

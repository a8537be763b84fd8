package dev.slimline.sensor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.slimline.names.ByteNames;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads a sensor report (schema version 1). The report comes from inside the untrusted container,
 * so it is read as a stream under hard bounds (size, counts, string lengths, nesting), and every
 * path must be absolute and normalised. Anything else is rejected with an
 * {@link InvalidSensorReportException} that says what is wrong and where.
 */
public final class SensorReportParser {

    static final int SCHEMA_VERSION = 1;
    private static final Pattern SYSCALL_NAME = Pattern.compile("[a-z0-9_]{1,64}");
    private static final Pattern TRUNCATED_PART = Pattern.compile("[a-zA-Z]{1,32}");
    private static final int MAX_ARCHIVE_ENTRIES = 16;
    private static final int MAX_SHORT_STRING = 256;
    private static final Pattern ERRNO_NAME = Pattern.compile("E[A-Z0-9]{1,31}");
    /** errno names one path may list, all kinds together; the sensor lists at most 8. */
    static final int MAX_ERRORS_PER_FILE = 64;

    private final SensorReportLimits limits;
    private final JsonFactory json;

    public SensorReportParser(SensorReportLimits limits) {
        this.limits = limits;
        this.json = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(Math.max(limits.maxPathLength(), limits.maxArgLength()) + 16)
                        .maxNestingDepth(16)
                        .maxNumberLength(32)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
                .build();
    }

    public SensorReportParser() {
        this(SensorReportLimits.defaults());
    }

    public SensorReportLimits limits() {
        return limits;
    }

    /** Parses a report; the stream is read to the report's end and not closed. */
    public SensorReport parse(InputStream in) {
        try (JsonParser parser = json.createParser(new BoundedInputStream(in, limits.maxBytes()))) {
            SensorReport report = new Reader(parser).report();
            if (parser.nextToken() != null) {
                throw invalid("content after the report's end");
            }
            return report;
        } catch (TooLargeException e) {
            throw invalid("larger than " + limits.maxBytes() + " bytes");
        } catch (StreamConstraintsException e) {
            throw new InvalidSensorReportException("invalid sensor report: beyond a limit: " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new InvalidSensorReportException("invalid sensor report: not well-formed JSON: "
                    + e.getOriginalMessage() + at, e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the sensor report failed", e);
        }
    }

    /**
     * Parses the report out of a tar stream, as {@code GET /containers/{id}/archive} returns it:
     * the first regular file in it. The stream is not closed.
     */
    public SensorReport parseArchive(InputStream tar) {
        TarArchiveInputStream archive = new TarArchiveInputStream(tar);
        try {
            for (int entries = 0; entries < MAX_ARCHIVE_ENTRIES; entries++) {
                TarArchiveEntry entry = archive.getNextEntry();
                if (entry == null) {
                    break;
                }
                if (entry.isFile()) {
                    if (entry.getSize() > limits.maxBytes()) {
                        throw invalid(entry.getSize() + " bytes, more than the limit of " + limits.maxBytes());
                    }
                    return parse(archive);
                }
            }
            throw invalid("the archive holds no regular file");
        } catch (IOException e) {
            throw new InvalidSensorReportException("invalid sensor report: not a readable tar archive: "
                    + e.getMessage(), e);
        }
    }

    private static InvalidSensorReportException invalid(String what) {
        return new InvalidSensorReportException("invalid sensor report: " + what);
    }

    /** Quotes an untrusted value for a message: bounded, control chars escaped. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        int end = Math.min(value.length(), 80);
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append(value.length() > end ? "\"..." : "\"").toString();
    }

    /** Why a path is not absolute and normalised, or null when it is. */
    static String pathProblem(String path, int maxLength) {
        if (path.isEmpty()) {
            return "empty";
        }
        if (path.length() > maxLength) {
            return "longer than " + maxLength + " chars";
        }
        if (path.indexOf('\0') >= 0) {
            return "not a path (it holds a NUL)";
        }
        if (path.charAt(0) != '/') {
            return "not absolute";
        }
        Optional<String> notBytes = ByteNames.problem(path);
        if (notBytes.isPresent()) {
            return "no name of bytes (it " + notBytes.get() + ")";
        }
        if (path.length() == 1) {
            return null;
        }
        if (path.endsWith("/")) {
            return "not normalised (ends with /)";
        }
        for (String component : path.substring(1).split("/", -1)) {
            if (component.isEmpty()) {
                return "not normalised (//)";
            }
            if (component.equals(".") || component.equals("..")) {
                return "not normalised (" + component + ")";
            }
        }
        return null;
    }

    /** One pass over the tokens; {@code where} names the position for messages. */
    private final class Reader {

        private final JsonParser p;

        Reader(JsonParser p) {
            this.p = p;
        }

        SensorReport report() throws IOException {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw invalid("not a JSON object");
            }
            Integer schemaVersion = null;
            String sensorVersion = null;
            AppOutcome app = null;
            StopReason stoppedBy = null;
            boolean graceExpired = false;
            String traceMode = null;
            List<String> unobserved = List.of();
            Boolean truncated = null;
            List<String> truncatedParts = List.of();
            long unresolved = 0;
            Map<String, Long> syscalls = null;
            List<FileAccess> files = null;
            List<ProcessRecord> processes = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "schemaVersion" -> {
                        schemaVersion = integer(field);
                        if (schemaVersion != SCHEMA_VERSION) {
                            throw invalid("schemaVersion " + schemaVersion + " is not supported (only "
                                    + SCHEMA_VERSION + ")");
                        }
                    }
                    case "sensorVersion" -> sensorVersion = string(field, 64);
                    case "app" -> app = app();
                    case "stoppedBy" -> stoppedBy = stopReason();
                    case "graceExpired" -> graceExpired = bool(field);
                    case "traceMode" -> traceMode = nullableString(field, 32);
                    case "allowedWithoutObservation" -> unobserved = syscallNames(field);
                    case "truncated" -> truncated = bool(field);
                    case "truncatedParts" -> truncatedParts = truncatedParts();
                    case "unresolvedPaths" -> unresolved = count(field);
                    case "syscalls" -> syscalls = syscalls();
                    case "files" -> files = files();
                    case "processes" -> processes = processes();
                    default -> skipUnknown(); // a newer sensor's addition
                }
            }
            require(schemaVersion, "schemaVersion");
            require(sensorVersion, "sensorVersion");
            require(app, "app");
            require(stoppedBy, "stoppedBy");
            require(truncated, "truncated");
            require(syscalls, "syscalls");
            require(files, "files");
            require(processes, "processes");
            return new SensorReport(schemaVersion, sensorVersion, app, stoppedBy, graceExpired, traceMode,
                    unobserved, truncated, truncatedParts, unresolved, syscalls, files, processes);
        }

        /**
         * Skips a value this parser does not know, reading its strings so that the length limit
         * applies to them too (Jackson does not check strings it skips).
         */
        private void skipUnknown() throws IOException {
            int depth = 0;
            do {
                JsonToken token = p.currentToken();
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                } else if (token == JsonToken.VALUE_STRING) {
                    p.getTextLength();
                }
            } while (depth > 0 && p.nextToken() != null);
        }

        private void require(Object value, String field) {
            if (value == null) {
                throw invalid("no " + field);
            }
        }

        private AppOutcome app() throws IOException {
            expect(JsonToken.START_OBJECT, "app");
            List<String> argv = null;
            Integer exitCode = null;
            Integer signal = null;
            String startError = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                String where = "app." + field;
                switch (field) {
                    case "argv" -> argv = argv(where);
                    case "exitCode" -> exitCode = nullableInteger(where, 0, 255);
                    case "signal" -> signal = nullableInteger(where, 1, 64);
                    case "startError" -> startError = nullableString(where, MAX_SHORT_STRING);
                    default -> skipUnknown();
                }
            }
            require(argv, "app.argv");
            return new AppOutcome(argv, exitCode, signal, startError);
        }

        private StopReason stopReason() throws IOException {
            String value = string("stoppedBy", 16);
            return switch (value) {
                case "exit" -> StopReason.EXIT;
                case "sigterm" -> StopReason.SIGTERM;
                default -> throw invalid("stoppedBy " + quote(value) + " is neither \"exit\" nor \"sigterm\"");
            };
        }

        private List<String> truncatedParts() throws IOException {
            expect(JsonToken.START_ARRAY, "truncatedParts");
            List<String> parts = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                String where = "truncatedParts[" + parts.size() + "]";
                if (parts.size() == 16) {
                    throw invalid(where + ": more than 16 parts");
                }
                String part = string(where, 32);
                if (!TRUNCATED_PART.matcher(part).matches()) {
                    throw invalid(where + ": " + quote(part) + " is not a part name");
                }
                parts.add(part);
            }
            return parts;
        }

        /** A list of system call names, as long as the count limit of {@code syscalls} allows. */
        private List<String> syscallNames(String where) throws IOException {
            expect(JsonToken.START_ARRAY, where);
            Set<String> names = new LinkedHashSet<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                String at = where + "[" + names.size() + "]";
                if (names.size() == limits.maxSyscalls()) {
                    throw invalid(where + ": more than " + limits.maxSyscalls() + " names");
                }
                String name = string(at, 64);
                if (!SYSCALL_NAME.matcher(name).matches()) {
                    throw invalid(at + ": " + quote(name) + " is not a system call name ([a-z0-9_]{1,64})");
                }
                if (!names.add(name)) {
                    throw invalid(at + ": " + quote(name) + " appears twice");
                }
            }
            return List.copyOf(names);
        }

        private Map<String, Long> syscalls() throws IOException {
            expect(JsonToken.START_OBJECT, "syscalls");
            Map<String, Long> counts = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (counts.size() == limits.maxSyscalls()) {
                    throw invalid("syscalls: more than " + limits.maxSyscalls() + " names");
                }
                if (!SYSCALL_NAME.matcher(name).matches()) {
                    throw invalid("syscalls: " + quote(name) + " is not a system call name ([a-z0-9_]{1,64})");
                }
                p.nextToken();
                counts.put(name, count("syscalls." + name));
            }
            return counts;
        }

        private List<FileAccess> files() throws IOException {
            expect(JsonToken.START_ARRAY, "files");
            List<FileAccess> files = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                String where = "files[" + files.size() + "]";
                if (files.size() == limits.maxFiles()) {
                    throw invalid("files: more than " + limits.maxFiles() + " entries");
                }
                FileAccess file = file(where);
                if (!seen.add(file.path())) {
                    throw invalid(where + ".path: " + quote(file.path()) + " appears twice");
                }
                files.add(file);
            }
            return files;
        }

        private FileAccess file(String where) throws IOException {
            expect(JsonToken.START_OBJECT, where);
            String path = null;
            Set<AccessKind> ok = null;
            Set<AccessKind> failed = null;
            Map<AccessKind, Set<String>> errors = Map.of();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "path" -> path = path(where + ".path");
                    case "ok" -> ok = kinds(where + ".ok");
                    case "failed" -> failed = kinds(where + ".failed");
                    case "errors" -> errors = errors(where + ".errors");
                    default -> skipUnknown();
                }
            }
            require(path, where + ".path");
            require(ok, where + ".ok");
            require(failed, where + ".failed");
            for (AccessKind kind : errors.keySet()) {
                if (!failed.contains(kind)) {
                    throw invalid(where + ".errors: lists " + kind.reportName() + ", which is not in failed");
                }
            }
            return new FileAccess(path, ok, failed, errors);
        }

        /** {"write":["EEXIST"],...}: the errno names of a path's failed calls, by kind. */
        private Map<AccessKind, Set<String>> errors(String where) throws IOException {
            expect(JsonToken.START_OBJECT, where);
            Map<AccessKind, Set<String>> errors = new EnumMap<>(AccessKind.class);
            int count = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                AccessKind kind = AccessKind.fromReportName(name).orElseThrow(() -> invalid(where + ": "
                        + quote(name) + " is not an access kind (read, write, exec, stat, list, link)"));
                p.nextToken();
                String at = where + "." + name;
                expect(JsonToken.START_ARRAY, at);
                Set<String> names = new LinkedHashSet<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    if (++count > MAX_ERRORS_PER_FILE) {
                        throw invalid(where + ": more than " + MAX_ERRORS_PER_FILE + " errors");
                    }
                    String error = string(at + "[" + names.size() + "]", 32);
                    if (!ERRNO_NAME.matcher(error).matches()) {
                        throw invalid(at + ": " + quote(error) + " is not an errno name (E[A-Z0-9]{1,31})");
                    }
                    names.add(error);
                }
                errors.put(kind, names);
            }
            return errors;
        }

        private Set<AccessKind> kinds(String where) throws IOException {
            expect(JsonToken.START_ARRAY, where);
            Set<AccessKind> kinds = EnumSet.noneOf(AccessKind.class);
            for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
                if (i == AccessKind.values().length) {
                    throw invalid(where + ": more kinds than there are");
                }
                String name = string(where + "[" + i + "]", 16);
                kinds.add(AccessKind.fromReportName(name).orElseThrow(() -> invalid(where + ": " + quote(name)
                        + " is not an access kind (read, write, exec, stat, list, link)")));
            }
            return kinds;
        }

        private List<ProcessRecord> processes() throws IOException {
            expect(JsonToken.START_ARRAY, "processes");
            List<ProcessRecord> processes = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                String where = "processes[" + processes.size() + "]";
                if (processes.size() == limits.maxProcesses()) {
                    throw invalid("processes: more than " + limits.maxProcesses() + " entries");
                }
                processes.add(process(where));
            }
            return processes;
        }

        private ProcessRecord process(String where) throws IOException {
            expect(JsonToken.START_OBJECT, where);
            Integer pid = null;
            Integer ppid = null;
            String exe = null;
            String cwd = null;
            List<String> argv = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                String at = where + "." + field;
                switch (field) {
                    case "pid" -> pid = nullableInteger(at, 1, Integer.MAX_VALUE);
                    case "ppid" -> ppid = nullableInteger(at, 0, Integer.MAX_VALUE);
                    case "exe" -> exe = nullablePath(at);
                    case "cwd" -> cwd = nullablePath(at);
                    case "argv" -> argv = argv(at);
                    default -> skipUnknown();
                }
            }
            require(pid, where + ".pid");
            require(ppid, where + ".ppid");
            require(argv, where + ".argv");
            return new ProcessRecord(pid, ppid, exe, argv, cwd);
        }

        private List<String> argv(String where) throws IOException {
            expect(JsonToken.START_ARRAY, where);
            List<String> args = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (args.size() == limits.maxArgs()) {
                    throw invalid(where + ": more than " + limits.maxArgs() + " arguments");
                }
                String arg = string(where + "[" + args.size() + "]", limits.maxArgLength());
                if (arg.indexOf('\0') >= 0) {
                    throw invalid(where + "[" + args.size() + "]: holds a NUL");
                }
                args.add(arg);
            }
            return args;
        }

        private String path(String where) throws IOException {
            String path = string(where, limits.maxPathLength());
            String problem = pathProblem(path, limits.maxPathLength());
            if (problem != null) {
                throw invalid(where + ": " + quote(path) + " is " + problem);
            }
            return path;
        }

        private String nullablePath(String where) throws IOException {
            return p.currentToken() == JsonToken.VALUE_NULL ? null : path(where);
        }

        private void expect(JsonToken token, String where) {
            if (p.currentToken() != token) {
                throw invalid(where + ": expected " + describe(token) + ", found " + describe(p.currentToken()));
            }
        }

        private String string(String where, int maxLength) throws IOException {
            expect(JsonToken.VALUE_STRING, where);
            String value = p.getText();
            if (value.length() > maxLength) {
                throw invalid(where + ": longer than " + maxLength + " chars");
            }
            return value;
        }

        private String nullableString(String where, int maxLength) throws IOException {
            return p.currentToken() == JsonToken.VALUE_NULL ? null : string(where, maxLength);
        }

        private boolean bool(String where) {
            if (!p.currentToken().isBoolean()) {
                throw invalid(where + ": expected true or false, found " + describe(p.currentToken()));
            }
            return p.currentToken() == JsonToken.VALUE_TRUE;
        }

        private int integer(String where) throws IOException {
            expect(JsonToken.VALUE_NUMBER_INT, where);
            if (p.getNumberType() != JsonParser.NumberType.INT) {
                throw invalid(where + ": out of range");
            }
            return p.getIntValue();
        }

        private Integer nullableInteger(String where, int min, int max) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NULL) {
                return null;
            }
            int value = integer(where);
            if (value < min || value > max) {
                throw invalid(where + ": " + value + " is out of range " + min + ".." + max);
            }
            return value;
        }

        private long count(String where) throws IOException {
            expect(JsonToken.VALUE_NUMBER_INT, where);
            JsonParser.NumberType type = p.getNumberType();
            if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
                throw invalid(where + ": out of range");
            }
            long value = p.getLongValue();
            if (value < 0) {
                throw invalid(where + ": negative");
            }
            return value;
        }

        private static String describe(JsonToken token) {
            if (token == null) {
                return "the end";
            }
            return switch (token) {
                case START_OBJECT -> "an object";
                case END_OBJECT -> "the end of an object";
                case START_ARRAY -> "an array";
                case END_ARRAY -> "the end of an array";
                case VALUE_STRING -> "a string";
                case VALUE_NUMBER_INT -> "a whole number";
                case VALUE_NUMBER_FLOAT -> "a fraction";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                case VALUE_NULL -> "null";
                default -> token.name();
            };
        }
    }

    private static final class TooLargeException extends IOException {
        TooLargeException() {
            super("input exceeds its size limit");
        }
    }

    /** Fails as soon as more than {@code limit} bytes have been read, so nothing larger is ever held. */
    private static final class BoundedInputStream extends FilterInputStream {

        private long remaining;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                consumed(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, (int) Math.min(length, remaining + 1));
            if (n > 0) {
                consumed(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, remaining + 1));
            consumed(skipped);
            return skipped;
        }

        private void consumed(long n) throws TooLargeException {
            remaining -= n;
            if (remaining < 0) {
                throw new TooLargeException();
            }
        }

        @Override
        public void close() {
            // the caller owns the stream
        }
    }
}

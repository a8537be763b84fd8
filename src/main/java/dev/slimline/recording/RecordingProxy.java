package dev.slimline.recording;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A small HTTP/1.1 reverse proxy in front of one published port of the observed application,
 * recording every exchange that goes through it (see {@link RecordedExchange}). Bytes are relayed
 * as they come; the proxy only follows the framing (Content-Length, chunked, close-delimited) to
 * know where each message ends. Connections that do not begin with an HTTP/1.x request, and
 * upgraded ones (101), are relayed unrecorded. Bounded everywhere: connections at once, the size
 * of a message head, idle time per connection, what is kept of a body.
 */
public final class RecordingProxy implements Closeable {

    /** The limits every proxy works within. */
    public record Limits(int maxConnections, int maxHeadBytes, int maxRequestBodyBytes, int keptAnswerBytes,
            Duration idleTimeout, Duration connectTimeout) {

        public static final Limits DEFAULT = new Limits(64, 64 * 1024, 1 << 20, 1 << 20, Duration.ofSeconds(60),
                Duration.ofSeconds(5));
    }

    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);
    private static final Duration FIRST_BYTES = Duration.ofSeconds(1);
    private static final Pattern REQUEST_START = Pattern.compile("[A-Z]{3,10} ");
    private static final Set<String> BLANKED = Set.of("authorization", "cookie", "proxy-authorization");

    private final int containerPort;
    private final InetSocketAddress upstream;
    private final Recording recording;
    private final Limits limits;
    private final ServerSocket server;
    private final ExecutorService connections;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean closed;

    /**
     * Starts listening on a free port of {@code bindAddress}.
     *
     * @param upstreamHost and {@code upstreamPort}: where the container port is published
     */
    public RecordingProxy(int containerPort, String bindAddress, String upstreamHost, int upstreamPort,
            Recording recording, Limits limits) throws IOException {
        this.containerPort = containerPort;
        this.upstream = new InetSocketAddress(upstreamHost, upstreamPort);
        this.recording = recording;
        this.limits = limits;
        this.server = new ServerSocket(0, 50, InetAddress.getByName(bindAddress));
        // two threads per connection (one each way while relaying raw bytes), at most maxConnections
        this.connections = new ThreadPoolExecutor(0, 2 * limits.maxConnections(), 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "slimline-recording-proxy-" + containerPort);
                    thread.setDaemon(true);
                    return thread;
                });
        Thread acceptor = new Thread(this::accept, "slimline-recording-accept-" + containerPort);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public int containerPort() {
        return containerPort;
    }

    /**
     * Stops accepting, lets the exchanges under way finish (for a moment at most: a client may
     * have its answer a little before its exchange is recorded), then ends every connection.
     */
    @Override
    public void close() {
        closed = true;
        quietly(server);
        long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        open.forEach(RecordingProxy::quietly);
        connections.shutdownNow();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            if (open.size() >= 2 * limits.maxConnections()) {
                quietly(client);
                continue;
            }
            try {
                open.add(client);
                connections.execute(() -> serve(client));
            } catch (RejectedExecutionException e) {
                open.remove(client);
                quietly(client);
            }
        }
    }

    private void serve(Socket client) {
        Socket server = new Socket();
        open.add(server);
        try (client; server) {
            client.setSoTimeout((int) limits.idleTimeout().toMillis());
            server.connect(upstream, (int) limits.connectTimeout().toMillis());
            server.setSoTimeout((int) limits.idleTimeout().toMillis());
            InputStream fromClient = new BufferedInputStream(client.getInputStream());
            InputStream fromServer = new BufferedInputStream(server.getInputStream());
            OutputStream toClient = client.getOutputStream();
            OutputStream toServer = server.getOutputStream();
            if (!startsLikeHttp1(client, fromClient, limits.idleTimeout())) {
                recording.countPassedThrough();
                relay(fromClient, toServer, fromServer, toClient);
                return;
            }
            while (!closed && exchange(fromClient, toServer, fromServer, toClient)) {
                // the next request on the same connection
            }
        } catch (IOException | RuntimeException e) {
            // a connection that broke, timed out or was closed with the proxy: the client sees it end
        } finally {
            open.remove(client);
            open.remove(server);
        }
    }

    /** Relays one request and its answer; returns whether the connection carries on. */
    private boolean exchange(InputStream fromClient, OutputStream toServer, InputStream fromServer,
            OutputStream toClient) throws IOException {
        Head request = Head.read(fromClient, limits.maxHeadBytes());
        if (request == null) {
            return false;
        }
        inFlight.incrementAndGet();
        try {
            return relayExchange(request, fromClient, toServer, fromServer, toClient);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private boolean relayExchange(Head request, InputStream fromClient, OutputStream toServer, InputStream fromServer,
            OutputStream toClient) throws IOException {
        String[] start = request.start().split(" ", 3);
        if (start.length != 3 || !start[2].startsWith("HTTP/1.")) {
            recording.countPassedThrough();
            toServer.write(request.raw());
            relay(fromClient, toServer, fromServer, toClient);
            return false;
        }
        toServer.write(request.raw());
        Capture requestBody = new Capture(limits.maxRequestBodyBytes());
        copyBody(request, false, fromClient, toServer, requestBody, false);
        toServer.flush();

        Head answer;
        int status;
        do {
            answer = Head.read(fromServer, limits.maxHeadBytes());
            if (answer == null) {
                return false;
            }
            toClient.write(answer.raw());
            status = answer.status();
            if (status == 101) {
                toClient.flush();
                relay(fromClient, toServer, fromServer, toClient);
                return false;
            }
        } while (status >= 100 && status < 200);
        Capture answerBody = new Capture(limits.keptAnswerBytes());
        boolean bodiless = start[0].equals("HEAD") || status == 204 || status == 304;
        boolean delimitedByClose = copyBody(answer, bodiless, fromServer, toClient, answerBody, true);
        toClient.flush();

        if (requestBody.overflowed()) {
            recording.skipped();
        } else {
            List<RecordedExchange.Header> shown = new ArrayList<>();
            List<RecordedExchange.Header> sent = new ArrayList<>();
            for (String[] header : request.headers()) {
                sent.add(new RecordedExchange.Header(header[0], header[1]));
                shown.add(new RecordedExchange.Header(header[0],
                        BLANKED.contains(header[0].toLowerCase(Locale.ROOT)) ? "" : header[1]));
            }
            recording.add(new RecordedExchange(containerPort, start[0], start[1], List.copyOf(shown),
                    requestBody.length(), status, answer.header("content-type"), answerBody.sha256(),
                    answerBody.length(), List.copyOf(sent), requestBody.kept(), answerBody.kept()));
        }
        return !delimitedByClose && !closes(request, start[2]) && !closes(answer, answer.start().split(" ", 2)[0]);
    }

    private static boolean closes(Head head, String version) {
        String connection = head.header("connection");
        String value = connection == null ? "" : connection.toLowerCase(Locale.ROOT);
        return value.contains("close") || version.equals("HTTP/1.0") && !value.contains("keep-alive");
    }

    /**
     * Copies a message body as its head frames it; returns true when it was delimited by the end of
     * the connection (an answer with neither length nor chunking).
     */
    private static boolean copyBody(Head head, boolean bodiless, InputStream in, OutputStream out, Capture capture,
            boolean isAnswer) throws IOException {
        if (bodiless) {
            return false;
        }
        String encoding = head.header("transfer-encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            copyChunked(in, out, capture);
            return false;
        }
        String length = head.header("content-length");
        if (length != null) {
            copyFixed(in, out, Long.parseLong(length.strip()), capture);
            return false;
        }
        if (!isAnswer) {
            return false;
        }
        byte[] buffer = new byte[16384];
        int n;
        while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
            capture.update(buffer, 0, n);
        }
        return true;
    }

    private static void copyFixed(InputStream in, OutputStream out, long length, Capture capture) throws IOException {
        byte[] buffer = new byte[16384];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("the message ended early");
            }
            out.write(buffer, 0, n);
            capture.update(buffer, 0, n);
            left -= n;
        }
    }

    private static void copyChunked(InputStream in, OutputStream out, Capture capture) throws IOException {
        while (true) {
            String line = Head.line(in, 4096);
            out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            int semicolon = line.indexOf(';');
            long size = Long.parseLong((semicolon < 0 ? line : line.substring(0, semicolon)).strip(), 16);
            if (size == 0) {
                String trailer;
                do {
                    trailer = Head.line(in, 8192);
                    out.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                } while (!trailer.isEmpty());
                return;
            }
            copyFixed(in, out, size, capture);
            String end = Head.line(in, 16);
            out.write((end + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    /** Relays bytes both ways until either side ends. */
    private void relay(InputStream fromClient, OutputStream toServer, InputStream fromServer, OutputStream toClient) {
        try {
            connections.execute(() -> pump(fromServer, toClient));
        } catch (RejectedExecutionException e) {
            return;
        }
        pump(fromClient, toServer);
    }

    private static void pump(InputStream in, OutputStream out) {
        byte[] buffer = new byte[16384];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // either side ended
        }
    }

    /**
     * An HTTP/1.x request begins with a method in capitals and a space; TLS, HTTP/2's preface and
     * others do not. Decided on the first bytes; a client that sends nothing for a moment (the
     * server speaks first in its protocol) is relayed as it is.
     */
    private static boolean startsLikeHttp1(Socket client, InputStream in, Duration idle) throws IOException {
        in.mark(16);
        byte[] first = new byte[11];
        int n = 0;
        client.setSoTimeout((int) FIRST_BYTES.toMillis());
        try {
            int read;
            while (n < first.length && (read = in.read(first, n, first.length - n)) > 0) {
                n += read;
                String start = new String(first, 0, n, StandardCharsets.ISO_8859_1);
                if (start.indexOf(' ') >= 0 || !start.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            // nothing more came: decide on what did
        } finally {
            client.setSoTimeout((int) idle.toMillis());
        }
        in.reset();
        String start = new String(first, 0, n, StandardCharsets.ISO_8859_1);
        return REQUEST_START.matcher(start).lookingAt() && !start.startsWith("PRI ");
    }

    private static void quietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // closing is all that is left to do
        }
    }

    /** A body's digest and length, and the body itself while it fits. */
    private static final class Capture {
        private final MessageDigest sha = newDigest();
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final int max;
        private long length;

        Capture(int max) {
            this.max = max;
        }

        void update(byte[] bytes, int offset, int n) {
            sha.update(bytes, offset, n);
            if (length + n <= max) {
                kept.write(bytes, offset, n);
            }
            length += n;
        }

        boolean overflowed() {
            return length > max;
        }

        long length() {
            return length;
        }

        byte[] kept() {
            return overflowed() ? null : kept.toByteArray();
        }

        String sha256() {
            return HexFormat.of().formatHex(sha.digest());
        }

        private static MessageDigest newDigest() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
            }
        }
    }

    /** A message's start line and headers, as parsed and as they came. */
    private record Head(String start, List<String[]> headers, byte[] raw) {

        static Head read(InputStream in, int max) throws IOException {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            List<String> lines = new ArrayList<>();
            while (true) {
                String line;
                try {
                    line = line(in, max - raw.size());
                } catch (EOFException e) {
                    if (raw.size() == 0) {
                        return null;
                    }
                    throw e;
                }
                raw.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                if (line.isEmpty()) {
                    if (lines.isEmpty()) {
                        continue;
                    }
                    break;
                }
                lines.add(line);
            }
            List<String[]> headers = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.add(new String[] {line.substring(0, colon).strip(), line.substring(colon + 1).strip()});
                }
            }
            return new Head(lines.get(0), headers, raw.toByteArray());
        }

        /** One line without its CR LF (a bare LF ends it too); EOF before any byte is an {@link EOFException}. */
        static String line(InputStream in, int max) throws IOException {
            StringBuilder line = new StringBuilder();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("the connection ended");
                }
                if (b == '\n') {
                    int last = line.length() - 1;
                    return last >= 0 && line.charAt(last) == '\r' ? line.substring(0, last) : line.toString();
                }
                if (line.length() >= max) {
                    throw new SocketException("a message head longer than the proxy accepts");
                }
                line.append((char) b);
            }
        }

        String header(String name) {
            for (String[] header : headers) {
                if (header[0].equalsIgnoreCase(name)) {
                    return header[1];
                }
            }
            return null;
        }

        int status() {
            String[] parts = start.split(" ", 3);
            return parts.length >= 2 ? Integer.parseInt(parts[1]) : 0;
        }
    }
}

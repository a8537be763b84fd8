package dev.slimline.probe;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * TCP probes: bytes sent to a port, the answer judged by the probe's expectations. The first probe
 * to each port is also its readiness check: it is sent again until it answers as expected, the
 * application dies or the readiness timeout passes. Ports that nothing else probes are waited for
 * with a bare connection, so that commands run later find the service listening.
 */
public final class TcpSource implements ProbeSource {

    static final int MAX_ANSWER_BYTES = 65536;
    private static final int SHOWN = 200;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration MAX_BACKOFF = Duration.ofMillis(500);
    /** A connection the daemon's proxy accepted for a port nobody listens on is closed at once. */
    private static final Duration STILL_OPEN = Duration.ofMillis(300);

    private final List<TcpProbe> probes;
    private final List<Integer> connectOnly;

    /**
     * @param probes the job's TCP probes
     * @param connectOnly container ports to wait for with a bare connection
     */
    public TcpSource(List<TcpProbe> probes, List<Integer> connectOnly) {
        this.probes = List.copyOf(probes);
        this.connectOnly = List.copyOf(connectOnly);
    }

    @Override
    public String name() {
        return "tcp";
    }

    @Override
    public List<ProbeOutcome> run(ProbeEnvironment environment) {
        for (int port : connectOnly) {
            awaitConnection(target(environment, port), environment);
        }
        Set<Integer> ready = new HashSet<>();
        List<ProbeOutcome> outcomes = new ArrayList<>();
        for (TcpProbe probe : probes) {
            ProbeTarget target = target(environment, probe.port());
            ProbeOutcome outcome = ready.contains(probe.port()) ? exchange(target, probe)
                    : firstAnswer(target, probe, environment);
            ready.add(probe.port());
            environment.log().accept("Probe " + outcome.request() + " -> "
                    + (outcome.answer() == null ? "no answer" : outcome.answer())
                    + (outcome.passed() ? "" : " (" + outcome.error() + ")") + " in " + outcome.millis() + " ms");
            outcomes.add(outcome);
        }
        return outcomes;
    }

    private static ProbeTarget target(ProbeEnvironment environment, int port) {
        return environment.targets().stream().filter(t -> t.containerPort() == port).findFirst()
                .orElseThrow(() -> new ProbeException("a TCP probe names port " + port
                        + ", which the container does not publish"));
    }

    private ProbeOutcome firstAnswer(ProbeTarget target, TcpProbe probe, ProbeEnvironment environment) {
        long deadline = System.nanoTime() + environment.timing().readiness().toNanos();
        Duration backoff = Duration.ofMillis(100);
        for (int attempt = 1; ; attempt++) {
            ProbeOutcome outcome = exchange(target, probe);
            if (outcome.passed()) {
                return outcome;
            }
            String dead = environment.liveness().whyNotAlive();
            if (dead != null) {
                throw new ProbeException(dead);
            }
            if (System.nanoTime() + backoff.toNanos() > deadline) {
                return outcome;
            }
            if (attempt == 1 || attempt % 10 == 0) {
                environment.log().accept("Waiting for port " + target.containerPort() + " to answer over TCP ("
                        + outcome.error() + ")");
            }
            Waiting.sleep(backoff);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private static void awaitConnection(ProbeTarget target, ProbeEnvironment environment) {
        long deadline = System.nanoTime() + environment.timing().readiness().toNanos();
        String why;
        while (true) {
            why = tryConnection(target);
            if (why == null) {
                environment.log().accept("Port " + target.containerPort() + " accepts connections");
                return;
            }
            String dead = environment.liveness().whyNotAlive();
            if (dead != null) {
                throw new ProbeException(dead);
            }
            if (System.nanoTime() > deadline) {
                throw new ProbeException("nothing accepted connections on container port " + target.containerPort()
                        + " within " + environment.timing().readiness().toSeconds() + " s: " + why);
            }
            Waiting.sleep(MAX_BACKOFF);
        }
    }

    /** Null when a connection to the port stays open (or is answered); otherwise why not. */
    private static String tryConnection(ProbeTarget target) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(target.host(), target.hostPort()), (int) CONNECT_TIMEOUT.toMillis());
            socket.setSoTimeout((int) STILL_OPEN.toMillis());
            return socket.getInputStream().read() < 0 ? "the connection was closed at once" : null;
        } catch (SocketTimeoutException stillOpen) {
            return null;
        } catch (IOException e) {
            return message(e);
        }
    }

    /** One connection: send, then read until the answer meets the expectations, ends, or time runs out. */
    static ProbeOutcome exchange(ProbeTarget target, TcpProbe probe) {
        long start = System.nanoTime();
        String request = "tcp :" + probe.port() + " " + describeSent(probe);
        byte[] received = new byte[MAX_ANSWER_BYTES];
        int length = 0;
        String failure = null;
        long deadline = start + Duration.ofSeconds(probe.timeoutSeconds()).toNanos();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(target.host(), target.hostPort()), (int) CONNECT_TIMEOUT.toMillis());
            socket.getOutputStream().write(probe.bytes());
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            while (length < received.length) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    failure = "no expected answer within " + probe.timeoutSeconds() + " s";
                    break;
                }
                socket.setSoTimeout((int) left);
                int n = in.read(received, length, received.length - length);
                if (n < 0) {
                    break;
                }
                length += n;
                if (probe.answered(text(received, length))) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            failure = "no expected answer within " + probe.timeoutSeconds() + " s";
        } catch (IOException e) {
            failure = message(e);
        }
        String answer = text(received, length);
        String error = probe.judge(answer);
        if (error != null && failure != null && length == 0) {
            error = failure;
        }
        return new ProbeOutcome("tcp", request, length == 0 ? null : shown(answer), error,
                (System.nanoTime() - start) / 1_000_000);
    }

    private static String describeSent(TcpProbe probe) {
        if (probe.sendBase64() != null) {
            return probe.bytes().length + " bytes";
        }
        return probe.send() == null ? "(nothing sent)" : "\"" + shown(probe.send()) + "\"";
    }

    private static String text(byte[] bytes, int length) {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private static String shown(String text) {
        String escaped = escape(text);
        return escaped.length() > SHOWN ? escaped.substring(0, SHOWN) + "…" : escaped;
    }

    /** Control characters as JSON writes them, so a line protocol reads as one line in the log. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static String message(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}

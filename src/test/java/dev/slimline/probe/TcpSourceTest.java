package dev.slimline.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a small line server on loopback that answers {@code PING} with {@code +PONG}. */
class TcpSourceTest {

    private final List<String> log = new ArrayList<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private ServerSocket server;
    private Thread serving;

    @BeforeEach
    void startServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        serving = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket client = server.accept()) {
                    InputStream in = client.getInputStream();
                    byte[] line = new byte[256];
                    int n = in.read(line);
                    if (n > 0) {
                        String text = new String(line, 0, n, StandardCharsets.UTF_8);
                        received.add(text);
                        OutputStream out = client.getOutputStream();
                        out.write((text.startsWith("PING") ? "+PONG\r\n" : "-ERR unknown\r\n")
                                .getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            }
        });
        serving.start();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
        serving.join(5000);
    }

    private ProbeEnvironment environment(String whyDead) {
        ProbeTarget target = new ProbeTarget(6379, "127.0.0.1", server.getLocalPort());
        return new ProbeEnvironment(List.of(target), null,
                new ProbeTiming(Duration.ofSeconds(2), Duration.ofSeconds(1), 0), () -> whyDead, log::add);
    }

    @Test
    void sendsTheBytesAndPassesWhenTheAnswerContainsTheExpectedText() {
        TcpSource source = new TcpSource(List.of(new TcpProbe(6379, "PING\r\n", null, "+PONG", null, null)),
                List.of());

        List<ProbeOutcome> outcomes = source.run(environment(null));

        assertThat(received).containsExactly("PING\r\n");
        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.passed()).as(o.error()).isTrue();
            assertThat(o.source()).isEqualTo("tcp");
            assertThat(o.request()).isEqualTo("tcp :6379 \"PING\\r\\n\"");
            assertThat(o.answer()).isEqualTo("+PONG\\r\\n");
        });
    }

    @Test
    void base64IsSentAsBytesAndARegexJudgesTheAnswer() {
        TcpProbe probe = new TcpProbe(6379, null, "UElORw0K", null, "^\\+PO.G", null);

        assertThat(new TcpSource(List.of(probe), List.of()).run(environment(null)))
                .singleElement().extracting(ProbeOutcome::passed).isEqualTo(true);
        assertThat(received).containsExactly("PING\r\n");
    }

    @Test
    void anAnswerThatMissesTheExpectationSaysWhatCameBack() {
        TcpProbe probe = new TcpProbe(6379, "HELLO\r\n", null, "+PONG", null, 1);

        ProbeOutcome outcome = new TcpSource(List.of(probe), List.of()).run(environment(null)).get(0);

        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.error()).isEqualTo("the answer does not contain \"+PONG\"");
        assertThat(outcome.answer()).isEqualTo("-ERR unknown\\r\\n");
        assertThat(received).as("sent again while it was not ready").hasSizeGreaterThan(1);
    }

    @Test
    void aPortThatIsNotPublishedIsNamed() {
        TcpSource source = new TcpSource(List.of(new TcpProbe(11211, "stats\r\n", null, null, null, null)),
                List.of());

        assertThatThrownBy(() -> source.run(environment(null))).isInstanceOf(ProbeException.class)
                .hasMessage("a TCP probe names port 11211, which the container does not publish");
    }

    @Test
    void aPortWaitedForWithABareConnectionIsReadyWhenItStaysOpen() {
        new TcpSource(List.of(), List.of(6379)).run(environment(null));

        assertThat(log).containsExactly("Port 6379 accepts connections");
    }

    @Test
    void waitingEndsWithTheReasonWhenTheApplicationDied() throws Exception {
        server.close();
        // a thread blocked in accept keeps the port listening until it lets go of it
        serving.join(5000);

        assertThatThrownBy(() -> new TcpSource(List.of(), List.of(6379)).run(environment("it exited with code 1")))
                .isInstanceOf(ProbeException.class).hasMessage("it exited with code 1");
    }
}

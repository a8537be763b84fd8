import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N readers polling one URL, as CI jobs and a portal watching jobs do: each reader sends a GET,
 * waits for the answer, then waits for its next tick (every PERIOD ms; 0 = back to back), for
 * SECONDS. Prints throughput and latency percentiles. Only for a service on this machine.
 *
 *   java bench/api/Readers.java URL [readers=200] [periodMs=250] [seconds=30]
 */
public class Readers {

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        String host = uri.getHost();
        if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("[::1]")) {
            throw new IllegalArgumentException("only a service on this machine may be benchmarked");
        }
        int readers = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        long period = args.length > 2 ? Long.parseLong(args[2]) : 250;
        long seconds = args.length > 3 ? Long.parseLong(args[3]) : 30;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build();
        http.send(request, HttpResponse.BodyHandlers.discarding());

        long warmUpEnd = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long end = warmUpEnd + Duration.ofSeconds(seconds).toNanos();
        List<long[]> samples = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(readers);
        for (int r = 0; r < readers; r++) {
            long[] mine = new long[(int) Math.min(10_000_000, (seconds + 5) * 20_000 / readers + 1000)];
            samples.add(mine);
            long offset = period == 0 ? 0 : (period * 1_000_000L * r) / readers;
            Thread reader = new Thread(() -> {
                int n = 0;
                long next = System.nanoTime() + offset;
                try {
                    while (true) {
                        long now = System.nanoTime();
                        if (now < next) {
                            Thread.sleep((next - now) / 1_000_000, (int) ((next - now) % 1_000_000));
                        }
                        long start = System.nanoTime();
                        if (start > end) {
                            break;
                        }
                        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        long took = System.nanoTime() - start;
                        if (status != 200) {
                            errors.incrementAndGet();
                        } else if (start > warmUpEnd && n < mine.length - 1) {
                            mine[++n] = took;
                        }
                        next = period == 0 ? System.nanoTime() : next + period * 1_000_000L;
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                } finally {
                    mine[0] = n;
                    done.countDown();
                }
            });
            reader.setDaemon(true);
            reader.start();
        }
        done.await();
        long total = samples.stream().mapToLong(s -> s[0]).sum();
        long[] all = new long[(int) total];
        int i = 0;
        for (long[] s : samples) {
            System.arraycopy(s, 1, all, i, (int) s[0]);
            i += (int) s[0];
        }
        Arrays.sort(all);
        System.out.printf("%d readers, period %d ms, %d s: %d requests, %.0f req/s, %d errors%n", readers, period,
                seconds, total, total / (double) seconds, errors.get());
        for (double p : new double[] {50, 90, 99, 99.9}) {
            System.out.printf("  p%-5s %8.2f ms%n", p, all.length == 0 ? 0 : all[(int) Math.min(all.length - 1,
                    Math.ceil(p / 100 * all.length) - 1)] / 1e6);
        }
        System.out.printf("  max    %8.2f ms%n", all.length == 0 ? 0 : all[all.length - 1] / 1e6);
    }
}

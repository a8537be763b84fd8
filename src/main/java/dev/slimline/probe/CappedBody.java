package dev.slimline.probe;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads an answer's body as it streams: hashes it, keeps it while it is small enough to judge,
 * and stops reading (cancelling the exchange) once it passes the cap. Remembers the status and
 * content type as soon as the head arrives, so an exchange cut off by its deadline can still say
 * what had come.
 */
final class CappedBody implements HttpResponse.BodyHandler<CappedBody.Captured> {

    /** The body as read; {@code overCap} when reading stopped at the cap. */
    record Captured(String sha256, long length, byte[] kept, boolean overCap) {
    }

    private final long maxBytes;
    private final int keptBytes;
    private volatile int status;
    private volatile String contentType;
    private volatile long received;
    private volatile Flow.Subscription subscription;

    CappedBody(long maxBytes, int keptBytes) {
        this.maxBytes = maxBytes;
        this.keptBytes = keptBytes;
    }

    int status() {
        return status;
    }

    String contentType() {
        return contentType;
    }

    long received() {
        return received;
    }

    /** Stops reading: for an exchange whose deadline passed. */
    void cancel() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    @Override
    public HttpResponse.BodySubscriber<Captured> apply(HttpResponse.ResponseInfo info) {
        status = info.statusCode();
        contentType = info.headers().firstValue("Content-Type").orElse(null);
        return new Subscriber();
    }

    private final class Subscriber implements HttpResponse.BodySubscriber<Captured> {

        private final CompletableFuture<Captured> result = new CompletableFuture<>();
        private final MessageDigest sha = sha256();
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private long length;
        private boolean keeping = true;

        @Override
        public CompletionStage<Captured> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                int n = buffer.remaining();
                if (length + n > maxBytes) {
                    subscription.cancel();
                    result.complete(new Captured(null, length, null, true));
                    return;
                }
                if (keeping && length + n <= keptBytes) {
                    byte[] bytes = new byte[n];
                    buffer.get(bytes);
                    kept.write(bytes, 0, n);
                    sha.update(bytes);
                } else {
                    keeping = false;
                    sha.update(buffer);
                }
                length += n;
            }
            received = length;
            subscription.request(1);
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(new Captured(HexFormat.of().formatHex(sha.digest()), length,
                    keeping ? kept.toByteArray() : null, false));
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}

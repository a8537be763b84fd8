package dev.slimline.recording;

import java.util.ArrayList;
import java.util.List;

/**
 * The exchanges one job's proxies recorded, up to a maximum; what came beyond it, or could not be
 * recorded, is only counted.
 */
public final class Recording {

    private final int max;
    private final List<RecordedExchange> exchanges = new ArrayList<>();
    private int notRecorded;
    private int passedThrough;

    public Recording(int max) {
        this.max = max;
    }

    synchronized void add(RecordedExchange exchange) {
        if (exchanges.size() < max) {
            exchanges.add(exchange);
        } else {
            notRecorded++;
        }
    }

    /** An HTTP exchange that could not be recorded (a request body over the cap, say). */
    synchronized void skipped() {
        notRecorded++;
    }

    /** A connection that did not speak HTTP/1.x, relayed unrecorded. */
    synchronized void countPassedThrough() {
        passedThrough++;
    }

    public synchronized List<RecordedExchange> exchanges() {
        return List.copyOf(exchanges);
    }

    public synchronized int notRecorded() {
        return notRecorded;
    }

    public synchronized int passedThrough() {
        return passedThrough;
    }
}

package dev.slimline.pipeline;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A container's output as it streams: every line goes to the job's log, and the last few are
 * kept to explain an early exit.
 */
final class AppOutput implements Closeable {

    private static final int TAIL_LINES = 20;

    private final Deque<String> tail = new ArrayDeque<>();
    private Closeable stream;
    private String awaited;
    private boolean printedAwaited;

    AppOutput() {
    }

    /** Starts following a started container's output; lines go to the job's log behind {@code prefix}. */
    synchronized void follow(JobRun run, String containerId, String prefix) {
        stream = run.docker().container().logs(containerId, true, line -> {
            remember(line);
            run.log(prefix + line);
        });
    }

    /** From now on, notes whether a line holds {@code text}; see {@link #printedAwaited}. */
    synchronized void await(String text) {
        awaited = text;
    }

    synchronized boolean printedAwaited() {
        return printedAwaited;
    }

    private synchronized void remember(String line) {
        if (awaited != null && line.contains(awaited)) {
            printedAwaited = true;
        }
        if (tail.size() == TAIL_LINES) {
            tail.removeFirst();
        }
        tail.addLast(line);
    }

    synchronized List<String> tail() {
        return List.copyOf(tail);
    }

    /** The last lines, for an error message; says so when there were none. */
    String describeTail() {
        List<String> lines = tail();
        return lines.isEmpty() ? "it printed nothing" : "its last output: " + String.join(" | ", lines);
    }

    @Override
    public synchronized void close() {
        try {
            if (stream != null) {
                stream.close();
            }
        } catch (IOException e) {
            // the log stream ends with the container anyway
        }
    }
}

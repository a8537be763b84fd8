package dev.slimline.job;

import dev.slimline.docker.DockerHosts;
import dev.slimline.pipeline.ObservationEndpoint;
import dev.slimline.pipeline.Phase;
import dev.slimline.pipeline.PipelineListener;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/**
 * One job this instance is running: the listener its pipeline reports to, its buffered log and
 * progress (written by the executor's flusher, so a chatty container costs batched inserts, not
 * one round trip per line), and the worker thread to interrupt on cancel or timeout.
 */
final class RunningJob implements PipelineListener {

    static final int MAX_LINE_CHARS = 2000;
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\t]]");

    private final String id;
    private final DockerHosts.Lease daemon;
    private final long maxLines;
    private final List<LogLine> pending = new ArrayList<>();
    private final Object flushLock = new Object();
    private long lastSeq;
    private boolean truncated;
    private Phase phase;
    private int percent;
    private boolean progressChanged;
    private List<ObservationEndpoint> endpoints = List.of();
    private boolean endpointsChanged;
    private Thread worker;
    private volatile Future<?> timeout;
    private volatile boolean stopped;
    private volatile boolean observationEnd;

    RunningJob(String id, DockerHosts.Lease daemon, long lastSeq, long maxLines) {
        this.id = id;
        this.daemon = daemon;
        this.lastSeq = lastSeq;
        this.maxLines = maxLines;
    }

    String id() {
        return id;
    }

    /** The job's slot on its daemon; closed when the job leaves this instance. */
    DockerHosts.Lease daemon() {
        return daemon;
    }

    @Override
    public void phaseStarted(Phase newPhase, int newPercent) {
        synchronized (this) {
            phase = newPhase;
            percent = Math.max(0, Math.min(100, newPercent));
            progressChanged = true;
        }
        log("== " + newPhase + " (" + percent + "%)");
    }

    @Override
    public void log(String line) {
        String clean = clean(line);
        synchronized (this) {
            if (lastSeq >= maxLines) {
                if (!truncated) {
                    truncated = true;
                    pending.add(new LogLine(++lastSeq, Instant.now(),
                            "(log truncated: more than " + maxLines + " lines; later lines are not kept)"));
                }
                return;
            }
            pending.add(new LogLine(++lastSeq, Instant.now(), clean));
        }
    }

    @Override
    public boolean stopRequested() {
        return observationEnd;
    }

    @Override
    public synchronized void observationEndpoints(List<ObservationEndpoint> value) {
        endpoints = List.copyOf(value);
        endpointsChanged = true;
    }

    /** The endpoints if they changed since the last call (empty: the observation ended). */
    synchronized List<ObservationEndpoint> takeEndpoints() {
        if (!endpointsChanged) {
            return null;
        }
        endpointsChanged = false;
        return endpoints;
    }

    /** The job was told to end its observation ({@code WHEN_TOLD}); the pipeline polls {@link #stopRequested()}. */
    void endObservation() {
        observationEnd = true;
    }

    synchronized Phase phase() {
        return phase;
    }

    /** Lines logged since the last call; hold {@link #flushLock()} from taking them until they are stored. */
    synchronized List<LogLine> takeLines() {
        List<LogLine> out = List.copyOf(pending);
        pending.clear();
        return out;
    }

    /** The phase and percent if they changed since the last call. */
    synchronized Progress takeProgress() {
        if (!progressChanged) {
            return null;
        }
        progressChanged = false;
        return new Progress(phase, percent);
    }

    /** Serialises flushes so lines reach the table in sequence order and followers never skip one. */
    Object flushLock() {
        return flushLock;
    }

    synchronized void startedOn(Thread thread, Future<?> timeoutTask) {
        worker = thread;
        timeout = timeoutTask;
    }

    /**
     * Marks the job as stopped from outside (cancel, timeout, lost claim) and interrupts its worker;
     * returns false when it was already stopped.
     */
    synchronized boolean stop() {
        if (stopped) {
            return false;
        }
        stopped = true;
        if (worker != null) {
            worker.interrupt();
        }
        return true;
    }

    /** The worker is done with this job: no later stop may interrupt the thread, which moves on to other work. */
    synchronized void detach() {
        worker = null;
    }

    boolean stopped() {
        return stopped;
    }

    void cancelTimeout() {
        Future<?> task = timeout;
        if (task != null) {
            task.cancel(false);
        }
    }

    record Progress(Phase phase, int percent) {
    }

    /** Output of the target container is untrusted: no terminal control sequences, bounded length. */
    static String clean(String line) {
        String text = line == null ? "" : line;
        if (text.length() > MAX_LINE_CHARS) {
            text = text.substring(0, MAX_LINE_CHARS) + "…";
        }
        return CONTROL.matcher(text).replaceAll("\uFFFD");
    }
}

package dev.slimline.pipeline;

import java.util.ArrayList;
import java.util.List;

/** Keeps what a pipeline reported, and echoes it so a failing test's output shows the job's log. */
final class RecordingListener implements PipelineListener {

    private final List<Phase> phases = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();

    @Override
    public synchronized void phaseStarted(Phase phase, int percent) {
        phases.add(phase);
        System.out.println("[" + percent + "%] " + phase);
    }

    @Override
    public synchronized void log(String line) {
        lines.add(line);
        System.out.println("  " + line);
    }

    synchronized List<Phase> phases() {
        return List.copyOf(phases);
    }

    synchronized String log() {
        return String.join("\n", lines);
    }
}

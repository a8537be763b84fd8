package dev.slimline.probe;

import java.util.List;

/**
 * One way of exercising the application (DESIGN.md §1a). A source sends its probes while the
 * instrumented application is observed, and the same probes again to the slim image in
 * verification; each run judges every answer by the probe's own expectations, so the pipeline
 * needs to know nothing about where a probe came from.
 */
public interface ProbeSource {

    /** The source's name as the job's counts show it. */
    String name();

    /**
     * Sends every probe once, in order, and says how each went.
     *
     * @throws ProbeException when probing cannot go on (the application died, never became ready)
     */
    List<ProbeOutcome> run(ProbeEnvironment environment);
}

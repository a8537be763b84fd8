package dev.slimline.pipeline;

/** The steps of one slim job, in the order they run (DESIGN.md §1). */
public enum Phase {
    INSPECT,
    INSTRUMENT,
    PROBE,
    STOP,
    COLLECT,
    SELECT,
    BUILD,
    PROFILES,
    VERIFY,
    PUBLISH
}

package dev.slimline.sensor;

/** Why the sensor stopped observing. */
public enum StopReason {
    /** The application ended by itself. */
    EXIT,
    /** The sensor received SIGTERM (a container stop), passed it on and waited for the application. */
    SIGTERM
}

package dev.slimline.sensor;

/** A sensor report that is malformed, too large, or says something a real sensor never would. */
public class InvalidSensorReportException extends RuntimeException {

    public InvalidSensorReportException(String message) {
        super(message);
    }

    public InvalidSensorReportException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.slimline.pipeline;

import dev.slimline.docker.DockerOperationException;
import dev.slimline.sensor.InvalidSensorReportException;
import dev.slimline.sensor.SensorCommand;
import dev.slimline.sensor.SensorReport;
import dev.slimline.sensor.SensorReportParser;
import java.io.IOException;
import java.io.InputStream;

/**
 * Phase 5: read the sensor's report out of the stopped container. It was written inside an
 * untrusted container, so the parser bounds and checks it before anything uses it.
 */
final class CollectPhase {

    private final SensorReportParser parser;

    CollectPhase(SensorReportParser parser) {
        this.parser = parser;
    }

    SensorReport run(JobRun run, String containerId, int exitCode, Observation observation) {
        SensorReport report = read(run, containerId, exitCode);
        if (observation.healthcheckExitCode() != null) {
            report = report.plus(readSideReport(run, containerId, SensorCommand.HEALTHCHECK_REPORT,
                    "the HEALTHCHECK"));
        }
        for (String probeReport : observation.sensorReports()) {
            report = report.plus(readSideReport(run, containerId, probeReport, "the command probe"));
        }
        return report;
    }

    /** The report of a program run with exec under a sensor of its own, beside the application. */
    private SensorReport readSideReport(JobRun run, String containerId, String path, String what) {
        try (InputStream tar = run.docker().container().getArchive(containerId, path)) {
            SensorReport side = parser.parseArchive(tar);
            run.log(Character.toUpperCase(what.charAt(0)) + what.substring(1) + " (" + path + ") used "
                    + side.syscalls().size() + " distinct system calls and " + side.files().size() + " paths");
            return side;
        } catch (DockerOperationException | InvalidSensorReportException | IOException e) {
            throw new PipelineException(Phase.COLLECT, "could not read the sensor's report of " + what + " ("
                    + path + "): " + e.getMessage(), e);
        }
    }

    private SensorReport read(JobRun run, String containerId, int exitCode) {
        SensorReport report;
        try (InputStream tar = run.docker().container().getArchive(containerId, SensorCommand.REPORT)) {
            report = parser.parseArchive(tar);
        } catch (DockerOperationException e) {
            if (e.isNotFound()) {
                throw new PipelineException(Phase.COLLECT, "the sensor wrote no report (the container exited with code "
                        + exitCode + "); the application's log above may say why", e);
            }
            throw new PipelineException(Phase.COLLECT, "could not read the sensor's report: " + e.getMessage(), e);
        } catch (InvalidSensorReportException e) {
            throw new PipelineException(Phase.COLLECT, "the sensor's report was rejected: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new PipelineException(Phase.COLLECT, "could not read the sensor's report: " + e.getMessage(), e);
        }
        if (report.app().startError() != null) {
            throw new PipelineException(Phase.COLLECT, "the application could not be started: "
                    + report.app().startError());
        }
        run.log("The sensor saw " + report.syscalls().size() + " distinct system calls, " + report.files().size()
                + " paths and " + report.processes().size() + " program(s)"
                + (report.truncated() ? "; it hit its limits for " + report.truncatedParts() : ""));
        return report;
    }
}

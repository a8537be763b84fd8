package dev.slimline.docker;

/**
 * How a command run in a container ended.
 *
 * @param exitCode its exit code; -1 when it did not end in time
 * @param output what it printed (stdout and stderr, interleaved), possibly cut short
 * @param stdout what it printed on stdout alone, possibly cut short
 */
public record ExecResult(int exitCode, String output, String stdout) {
}

package dev.slimline.sensor;

import java.util.List;

/**
 * A program the application ran: one per successful exec, so a process that execs twice appears twice.
 *
 * @param exe the executable's path as the kernel saw it at exec time; null when unknown
 * @param cwd the working directory at exec time; null when unknown
 */
public record ProcessRecord(int pid, int ppid, String exe, List<String> argv, String cwd) {

    public ProcessRecord {
        argv = List.copyOf(argv);
    }
}

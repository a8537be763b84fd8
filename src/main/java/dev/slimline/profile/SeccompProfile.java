package dev.slimline.profile;

import java.util.List;

/**
 * A seccomp profile made from observed behaviour, in Docker's JSON format (what
 * {@code docker run --security-opt seccomp=<file>} reads and the Engine API takes inline as
 * {@code seccomp=<json>} in {@code HostConfig.SecurityOpt}).
 *
 * @param architecture the image architecture it is for
 * @param json the enforcing profile: calls outside {@code allowed} fail with EPERM
 * @param complainJson the same rules, but calls outside {@code allowed} are only logged by the kernel
 * @param allowed every name the profile allows, sorted
 * @param addedByRuntime the names in {@code allowed} that were not observed: the runtime's base
 * @param allowedWithoutObservation the names in {@code allowed} that were neither observed nor the
 *     runtime's, but that the sensor let through unseen, so the application may have made them
 * @param clone3Enosys whether {@code clone3} is answered with ENOSYS (it was not observed), so
 *     that glibc falls back to {@code clone}
 * @param notes why observed names were left out, one line each
 */
public record SeccompProfile(ImageArchitecture architecture, String json, String complainJson, List<String> allowed,
        List<String> addedByRuntime, List<String> allowedWithoutObservation, boolean clone3Enosys,
        List<String> notes) {

    public SeccompProfile {
        allowed = List.copyOf(allowed);
        addedByRuntime = List.copyOf(addedByRuntime);
        allowedWithoutObservation = List.copyOf(allowedWithoutObservation);
        notes = List.copyOf(notes);
    }
}

package dev.slimline.pipeline;

import dev.slimline.profile.AccessType;
import dev.slimline.profile.AppArmorProfile;
import dev.slimline.profile.AppArmorProfileGenerator;
import dev.slimline.profile.SeccompProfile;
import dev.slimline.profile.SeccompProfileGenerator;
import dev.slimline.rootfs.PathResolver;
import dev.slimline.sensor.AccessKind;
import dev.slimline.sensor.FileAccess;
import dev.slimline.sensor.ProcessRecord;
import dev.slimline.sensor.SensorReport;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Phase 8: the seccomp and AppArmor profiles, from what the sensor saw. */
final class ProfilesPhase {

    private final SeccompProfileGenerator seccomp;
    private final AppArmorProfileGenerator apparmor;

    ProfilesPhase(SeccompProfileGenerator seccomp, AppArmorProfileGenerator apparmor) {
        this.seccomp = seccomp;
        this.apparmor = apparmor;
    }

    Profiles run(JobRun run, Inspection inspection, SensorReport report, Selection selection) {
        SlimSpec.Outputs outputs = run.spec().outputs();
        SeccompProfile seccompProfile = null;
        if (outputs.seccomp()) {
            seccompProfile = seccomp.generate(report.syscalls().keySet(), report.allowedWithoutObservation(),
                    inspection.architecture());
            run.log("Seccomp profile: " + seccompProfile.allowed().size() + " system calls allowed ("
                    + seccompProfile.addedByRuntime().size() + " of them for the container runtime, "
                    + seccompProfile.allowedWithoutObservation().size()
                    + " because the sensor let them through without observing them)"
                    + (seccompProfile.clone3Enosys() ? ", clone3 answered with ENOSYS" : ""));
            seccompProfile.notes().forEach(note -> run.log("Note: " + note));
        }
        AppArmorProfile apparmorProfile = null;
        if (outputs.apparmor()) {
            // AppArmor mediates the path a file is finally opened by, so symlinks are resolved first
            PathResolver resolver = new PathResolver(selection.index());
            Map<String, Set<AccessType>> paths = new TreeMap<>();
            for (FileAccess file : report.files()) {
                if (file.ok().isEmpty()) {
                    continue;
                }
                PathResolver.Resolution resolved = resolver.resolve(file.path(), !file.ok().contains(AccessKind.LINK));
                String path = resolved.found() ? resolved.path() : file.path();
                paths.computeIfAbsent(path, p -> EnumSet.noneOf(AccessType.class)).addAll(types(file.ok()));
            }
            Set<String> executables = new LinkedHashSet<>();
            for (ProcessRecord process : report.processes()) {
                if (process.exe() != null) {
                    executables.add(process.exe());
                }
            }
            apparmorProfile = apparmor.generate(run.spec().image(), paths, executables, inspection.ports());
            run.log("AppArmor profile " + apparmorProfile.name() + " written for " + paths.size() + " paths");
            apparmorProfile.notes().forEach(note -> run.log("Note: " + note));
        }
        return new Profiles(seccompProfile, apparmorProfile);
    }

    private static Set<AccessType> types(Set<AccessKind> kinds) {
        Set<AccessType> types = EnumSet.noneOf(AccessType.class);
        for (AccessKind kind : kinds) {
            types.add(AccessType.valueOf(kind.name()));
        }
        return types;
    }
}

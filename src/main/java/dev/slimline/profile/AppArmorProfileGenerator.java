package dev.slimline.profile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Makes an AppArmor profile that lets the application touch the files it was seen to touch, in
 * the ways it touched them, and listen on the ports its image exposes; modelled on Docker's
 * {@code docker-default} profile for everything else (signals, ptrace, mount, kernel interfaces).
 *
 * <p>Paths come from inside the untrusted container; see {@link AppArmorPaths} for how they are
 * made safe. They should be the paths the kernel resolves (symbolic links followed, as AppArmor
 * mediates them), which the pipeline knows from the image. AppArmor does not mediate stat-like
 * lookups or readlink, so {@link AccessType#STAT} and {@link AccessType#LINK} need no rule.
 */
@Component
public class AppArmorProfileGenerator {

    /** Far more than any application touches; beyond it the input is not an observation. */
    static final int MAX_PATHS = 100_000;
    /** Notes past this many are counted, not listed: a hostile report could earn one per path. */
    static final int MAX_NOTES = 100;

    private static final Pattern SAFE_NAME_RUN = Pattern.compile("[^a-z0-9._-]+");
    private static final Pattern PORT = Pattern.compile("([0-9]{1,5})(?:/([a-z]+))?");
    /** Shared libraries and native modules, which the loader maps executable. */
    private static final Pattern MAPPED_EXECUTABLE = Pattern.compile(".*\\.so(\\.[0-9]+)*|.*\\.node");

    /** Permissions in the order a rule lists them. */
    private enum Permission {
        MAP("m"), READ("r"), WRITE("w"), LOCK("k"), INHERIT_EXEC("ix");

        private final String letters;

        Permission(String letters) {
            this.letters = letters;
        }
    }

    /**
     * @param name what the profile is for (an image or job name); made into the profile name
     *     {@code slimline-<name>}, characters AppArmor names cannot hold replaced
     * @param paths each path the application used, with how it used it
     * @param executables the programs it ran
     * @param exposedPorts the image's exposed ports, {@code 8080/tcp} or {@code 53/udp}
     * @throws IllegalArgumentException for a name with nothing usable in it, or more than
     *     {@value #MAX_PATHS} paths
     */
    public AppArmorProfile generate(String name, Map<String, Set<AccessType>> paths, Collection<String> executables,
            Collection<String> exposedPorts) {
        String profileName = "slimline-" + profileNameSuffix(name);
        if (paths.size() + executables.size() > MAX_PATHS) {
            throw new IllegalArgumentException((paths.size() + executables.size()) + " paths, more than the "
                    + MAX_PATHS + " a profile takes");
        }
        List<String> notes = new ArrayList<>();
        SortedMap<String, EnumSet<Permission>> rules = new TreeMap<>();
        SortedMap<String, Set<AccessType>> uses = new TreeMap<>();
        paths.forEach((path, kinds) -> {
            if (path == null) {
                notes.add("left out a null path");
            } else {
                uses.computeIfAbsent(path, p -> EnumSet.noneOf(AccessType.class))
                        .addAll(kinds == null ? Set.of() : kinds);
            }
        });
        for (String executable : executables) {
            if (executable == null) {
                notes.add("left out a null path");
            } else {
                uses.computeIfAbsent(executable, p -> EnumSet.noneOf(AccessType.class)).add(AccessType.EXEC);
            }
        }
        uses.forEach((path, kinds) -> addRules(path, kinds, rules, notes));
        Set<String> protocols = protocols(exposedPorts, notes);
        if (notes.size() > MAX_NOTES) {
            int more = notes.size() - MAX_NOTES;
            notes.subList(MAX_NOTES, notes.size()).clear();
            notes.add("and " + more + " more notes like these");
        }
        return new AppArmorProfile(profileName, render(profileName, rules, protocols), notes);
    }

    private static void addRules(String path, Set<AccessType> kinds, SortedMap<String, EnumSet<Permission>> rules,
            List<String> notes) {
        AppArmorPaths.Rendered plain = AppArmorPaths.render(path, AppArmorPaths.Form.FILE);
        if (plain.problem() != null) {
            if (kinds.stream().anyMatch(kind -> kind != AccessType.STAT && kind != AccessType.LINK)) {
                notes.add("left out " + AppArmorPaths.printable(path) + ": " + plain.problem());
            }
            return;
        }
        EnumSet<Permission> file = EnumSet.noneOf(Permission.class);
        if (kinds.contains(AccessType.READ)) {
            file.add(Permission.READ);
            if (MAPPED_EXECUTABLE.matcher(path).matches()) {
                file.add(Permission.MAP);
            }
        }
        if (kinds.contains(AccessType.WRITE)) {
            if (plain.kernelInterface()) {
                notes.add("not allowed to write " + AppArmorPaths.printable(path)
                        + ": the profile denies writes to kernel interfaces whatever was observed");
            } else {
                file.add(Permission.WRITE);
                // locks (flock, fcntl) are not observed; whatever writes a file may well lock it
                file.add(Permission.LOCK);
            }
        }
        if (kinds.contains(AccessType.EXEC)) {
            file.addAll(EnumSet.of(Permission.MAP, Permission.READ, Permission.INHERIT_EXEC));
        }
        if (!file.isEmpty()) {
            String expression = file.contains(Permission.WRITE)
                    ? AppArmorPaths.render(path, AppArmorPaths.Form.FILE_OR_DIRECTORY).expression()
                    : plain.expression();
            rules.computeIfAbsent(expression, e -> EnumSet.noneOf(Permission.class)).addAll(file);
        }
        if (kinds.contains(AccessType.LIST)) {
            rules.computeIfAbsent(AppArmorPaths.render(path, AppArmorPaths.Form.DIRECTORY).expression(),
                    e -> EnumSet.noneOf(Permission.class)).add(Permission.READ);
        }
    }

    /** {@code tcp} and {@code udp}, as the exposed ports use them; a port without a protocol is TCP, as in Docker. */
    private static Set<String> protocols(Collection<String> exposedPorts, List<String> notes) {
        Set<String> protocols = new TreeSet<>();
        for (String port : exposedPorts) {
            Matcher m = PORT.matcher(port == null ? "" : port.strip().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                notes.add("ignored exposed port " + AppArmorPaths.printable(port) + ": not <port>[/<protocol>]");
                continue;
            }
            String protocol = m.group(2) == null ? "tcp" : m.group(2);
            if (protocol.equals("tcp") || protocol.equals("udp")) {
                protocols.add(protocol);
            } else {
                notes.add("no network rule for exposed port " + AppArmorPaths.printable(port) + ": only tcp and udp");
            }
        }
        return protocols;
    }

    private static String render(String profileName, SortedMap<String, EnumSet<Permission>> rules,
            Set<String> protocols) {
        StringBuilder out = new StringBuilder();
        out.append("# AppArmor profile made by Slimline from the behaviour it observed.\n")
                .append("# Load: apparmor_parser -r <this file>; use: docker run --security-opt apparmor=")
                .append(profileName).append(" ...\n\n")
                .append("#include <tunables/global>\n\n")
                .append("profile ").append(profileName).append(" flags=(attach_disconnected,mediate_deleted) {\n")
                .append("  #include <abstractions/base>\n\n")
                .append("  # Capabilities are what the container runtime grants; this profile does not narrow them.\n")
                .append("  capability,\n\n");
        if (!protocols.isEmpty()) {
            out.append("  # The image's exposed ports.\n");
            for (String protocol : protocols) {
                String socketType = protocol.equals("tcp") ? "stream" : "dgram";
                out.append("  network inet ").append(socketType).append(",\n");
                out.append("  network inet6 ").append(socketType).append(",\n");
            }
            out.append('\n');
        }
        out.append("  # The daemon (unconfined) stops and kills the container; its processes signal and inspect each other.\n")
                .append("  signal (receive) peer=unconfined,\n")
                .append("  signal (send,receive) peer=").append(profileName).append(",\n")
                .append("  ptrace (trace,read,tracedby,readby) peer=").append(profileName).append(",\n\n")
                .append("  # Whatever was observed: the container may have done these on purpose while it was watched.\n")
                .append("  deny mount,\n")
                .append("  deny umount,\n")
                .append("  deny pivot_root,\n")
                .append("  deny @{PROC}/* wklx,\n")
                .append("  deny @{PROC}/[^0-9]*/** wklx,\n")
                .append("  deny @{PROC}/sysrq-trigger rwklx,\n")
                .append("  deny @{PROC}/kcore rwklx,\n")
                .append("  deny /sys/** wklx,\n")
                .append("  deny /sys/firmware/** rwklx,\n")
                .append("  deny /sys/devices/virtual/powercap/** rwklx,\n")
                .append("  deny /sys/kernel/security/** rwklx,\n");
        if (!rules.isEmpty()) {
            out.append("\n  # What the application was seen to use.\n");
            rules.forEach((expression, permissions) -> {
                out.append("  ").append(expression).append(' ');
                permissions.forEach(p -> out.append(p.letters));
                out.append(",\n");
            });
        }
        return out.append("}\n").toString();
    }

    private static String profileNameSuffix(String name) {
        String suffix = SAFE_NAME_RUN.matcher(name == null ? "" : name.toLowerCase(Locale.ROOT)).replaceAll("-")
                .replaceAll("^[-._]+|[-._]+$", "");
        if (suffix.isEmpty()) {
            throw new IllegalArgumentException("a profile name needs letters or digits: "
                    + AppArmorPaths.printable(name));
        }
        return suffix.length() > 64 ? suffix.substring(0, 64) : suffix;
    }
}

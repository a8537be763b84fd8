package dev.slimline.profile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes the seccomp profile of an image from the system calls its application was seen to make:
 * everything else fails with EPERM. The names come from the sensor, inside the untrusted
 * container, so only names the runtime's libseccomp knows for the architecture get in.
 */
@Component
public class SeccompProfileGenerator {

    /** More distinct names than any architecture has system calls means the input is not a syscall set. */
    static final int MAX_OBSERVED = 2048;

    private static final int EPERM = 1;
    private static final int ENOSYS = 38;
    private static final String CLONE3 = "clone3";
    private static final Pattern PRINTABLE_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

    private final SyscallNames known;
    private final ObjectWriter writer;

    public SeccompProfileGenerator() {
        this.known = SyscallNames.load();
        var printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectNameValueSpacing(Separators.Spacing.AFTER))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"));
        this.writer = JsonMapper.builder().build().writer().with(printer);
    }

    /**
     * @param observed system call names the application made (as the sensor names them)
     * @param imageArchitecture the image's architecture as image inspect says it ({@code amd64}, {@code arm64})
     * @throws IllegalArgumentException for an architecture without profiles, or more than
     *     {@value #MAX_OBSERVED} names
     */
    public SeccompProfile generate(Collection<String> observed, String imageArchitecture) {
        return generate(observed, List.of(), imageArchitecture);
    }

    /**
     * The same, for a sensor that let {@code unobserved} through without seeing them: the
     * application may have made them, so they are allowed too.
     */
    public SeccompProfile generate(Collection<String> observed, Collection<String> unobserved,
            String imageArchitecture) {
        ImageArchitecture arch = ImageArchitecture.fromDocker(imageArchitecture);
        if (observed.size() > MAX_OBSERVED || unobserved.size() > MAX_OBSERVED) {
            throw new IllegalArgumentException(observed.size() + unobserved.size()
                    + " system call names, more than the " + MAX_OBSERVED + " any real set has");
        }
        SortedSet<String> kept = new TreeSet<>();
        SortedSet<String> unknown = new TreeSet<>();
        for (String name : observed) {
            if (name != null && known.knows(arch, name)) {
                kept.add(name);
            } else {
                unknown.add(printable(name));
            }
        }
        SortedSet<String> unseen = new TreeSet<>();
        for (String name : unobserved) {
            if (name != null && known.knows(arch, name)) {
                unseen.add(name);
            } else {
                unknown.add(printable(name));
            }
        }
        List<String> notes = new ArrayList<>();
        for (String name : unknown) {
            notes.add("left out " + name + ": not a system call the runtime's libseccomp knows on "
                    + arch.dockerName());
        }
        SortedSet<String> allowed = new TreeSet<>(kept);
        allowed.addAll(RuntimeBase.NAMES);
        List<String> addedByRuntime = allowed.stream().filter(name -> !kept.contains(name)).toList();
        List<String> allowedUnseen = unseen.stream().filter(name -> !allowed.contains(name)).toList();
        allowed.addAll(unseen);
        boolean clone3Enosys = !allowed.contains(CLONE3);
        return new SeccompProfile(arch, render("SCMP_ACT_ERRNO", arch, allowed, clone3Enosys),
                render("SCMP_ACT_LOG", arch, allowed, clone3Enosys), List.copyOf(allowed), addedByRuntime,
                allowedUnseen, clone3Enosys, notes);
    }

    private String render(String defaultAction, ImageArchitecture arch, SortedSet<String> allowed,
            boolean clone3Enosys) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode profile = nodes.objectNode();
        profile.put("defaultAction", defaultAction);
        // Docker 20.10 does not pass this on (EPERM is what it uses anyway); newer engines honour it.
        profile.put("defaultErrnoRet", EPERM);
        ArrayNode architectures = profile.putArray("architectures");
        arch.seccompArchitectures().forEach(architectures::add);
        ArrayNode syscalls = profile.putArray("syscalls");
        ObjectNode allow = syscalls.addObject();
        ArrayNode names = allow.putArray("names");
        allowed.forEach(names::add);
        allow.put("action", "SCMP_ACT_ALLOW");
        if (clone3Enosys) {
            ObjectNode clone3 = syscalls.addObject();
            clone3.putArray("names").add(CLONE3);
            clone3.put("action", "SCMP_ACT_ERRNO");
            clone3.put("errnoRet", ENOSYS);
        }
        return writer.writeValueAsString(profile) + "\n";
    }

    /** An untrusted name as a note may show it: bounded, and only its plain characters. */
    private static String printable(String name) {
        if (name == null) {
            return "(null)";
        }
        if (PRINTABLE_NAME.matcher(name).matches()) {
            return name;
        }
        String shown = name.length() > 64 ? name.substring(0, 64) : name;
        return "'" + shown.replaceAll("[^A-Za-z0-9_.-]", "?") + (name.length() > 64 ? "...'" : "'");
    }
}

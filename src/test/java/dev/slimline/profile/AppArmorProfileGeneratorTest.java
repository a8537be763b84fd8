package dev.slimline.profile;

import static dev.slimline.profile.AccessType.EXEC;
import static dev.slimline.profile.AccessType.LINK;
import static dev.slimline.profile.AccessType.LIST;
import static dev.slimline.profile.AccessType.READ;
import static dev.slimline.profile.AccessType.STAT;
import static dev.slimline.profile.AccessType.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AppArmorProfileGeneratorTest {

    private final AppArmorProfileGenerator generator = new AppArmorProfileGenerator();

    @Test
    void looksLikeDockerDefaultAroundTheObservedRules() {
        AppArmorProfile profile = generator.generate("tiny-app", Map.of("/www/index.html", Set.of(READ)),
                List.of("/bin/busybox"), List.of("8080/tcp"));

        assertThat(profile.name()).isEqualTo("slimline-tiny-app");
        assertThat(profile.text())
                .contains("#include <tunables/global>\n")
                .contains("profile slimline-tiny-app flags=(attach_disconnected,mediate_deleted) {\n")
                .contains("  #include <abstractions/base>\n")
                .contains("  signal (receive) peer=unconfined,\n")
                .contains("  signal (send,receive) peer=slimline-tiny-app,\n")
                .contains("  ptrace (trace,read,tracedby,readby) peer=slimline-tiny-app,\n")
                .contains("  deny mount,\n", "  deny @{PROC}/sysrq-trigger rwklx,\n", "  deny /sys/** wklx,\n")
                .doesNotContain("\n  file,")
                .endsWith("}\n");
        assertThat(profile.notes()).isEmpty();
    }

    @Test
    void givesEachAccessKindItsPermissions() {
        Map<String, Set<AccessType>> paths = new LinkedHashMap<>();
        paths.put("/etc/app.conf", Set.of(READ));
        paths.put("/var/lib/app/db", Set.of(READ, WRITE));
        paths.put("/tmp/out.log", Set.of(WRITE));
        paths.put("/usr/bin/python3.11", Set.of(EXEC, READ));
        paths.put("/usr/lib/x86_64-linux-gnu/libc.so.6", Set.of(READ));
        paths.put("/usr/lib/python3/dist-packages/_cffi.cpython-311-x86_64-linux-gnu.so", Set.of(READ));
        paths.put("/www", Set.of(LIST, STAT));
        paths.put("/", Set.of(LIST));
        paths.put("/etc/hostname-only-stat", Set.of(STAT));
        paths.put("/etc/localtime-link", Set.of(LINK));

        String text = generator.generate("app", paths, List.of("/bin/sh"), List.of()).text();

        assertThat(text).contains(
                "  \"/etc/app.conf\" r,\n",
                "  \"/var/lib/app/db{,/}\" rwk,\n",
                "  \"/tmp/out.log{,/}\" wk,\n",
                "  \"/usr/bin/python3.11\" mrix,\n",
                "  \"/bin/sh\" mrix,\n",
                "  \"/usr/lib/x86_64-linux-gnu/libc.so.6\" mr,\n",
                "  \"/usr/lib/python3/dist-packages/_cffi.cpython-311-x86_64-linux-gnu.so\" mr,\n",
                "  \"/www/\" r,\n",
                "  \"/\" r,\n");
        // AppArmor does not mediate stat-like lookups or readlink: nothing to allow
        assertThat(text).doesNotContain("hostname-only-stat", "localtime-link", "\"/www\"");
    }

    @Test
    void mergesAPathsKindsAndTheExecutablesIntoOneRule() {
        String text = generator.generate("app", Map.of("/opt/tool", Set.of(READ), "/opt/dir", Set.of(LIST, READ)),
                List.of("/opt/tool"), List.of()).text();

        assertThat(text).contains("  \"/opt/tool\" mrix,\n", "  \"/opt/dir\" r,\n", "  \"/opt/dir/\" r,\n");
        assertThat(text.split("\"/opt/tool\"", -1)).hasSize(2);
    }

    @Test
    void escapesEverythingAppArmorWouldReadAsSyntax() {
        Map<String, Set<AccessType>> paths = new HashMap<>();
        paths.put("/srv/my files/report 1.txt", Set.of(READ));
        paths.put("/srv/a*b?c[d]e{f,g}h^i", Set.of(READ));
        paths.put("/srv/quote\"back\\slash", Set.of(READ));
        paths.put("/srv/@{HOME}/x", Set.of(READ));
        paths.put("/srv/new\nline\ttab\u007f", Set.of(READ));
        paths.put("/srv/caf\u00e9", Set.of(READ));
        paths.put("/srv/latin1-caf\udce9/\udcff\udcfe", Set.of(READ));
        paths.put("/srv/hash#not-a-comment,", Set.of(READ));

        AppArmorProfile profile = generator.generate("app", paths, List.of(), List.of());

        assertThat(profile.text()).contains(
                "  \"/srv/my files/report 1.txt\" r,\n",
                "  \"/srv/a\\*b\\?c\\[d\\]e\\{f\\,g\\}h\\^i\" r,\n",
                "  \"/srv/quote\\\"back\\\\slash\" r,\n",
                "  \"/srv/@\\{HOME\\}/x\" r,\n",
                "  \"/srv/new\\012line\\011tab\\177\" r,\n",
                "  \"/srv/caf\\303\\251\" r,\n",
                "  \"/srv/latin1-caf\\351/\\377\\376\" r,\n",
                "  \"/srv/hash#not-a-comment\\,\" r,\n");
        assertThat(profile.notes()).isEmpty();
        // nothing but printable ASCII, and no line that is not a rule, a comment or syntax of ours
        assertThat(profile.text().chars()).allMatch(c -> c == '\n' || c >= 0x20 && c < 0x7f);
    }

    @Test
    void leavesOutPathsItCannotExpressWithANote() {
        Map<String, Set<AccessType>> paths = new HashMap<>();
        paths.put("relative/path", Set.of(READ));
        paths.put("/srv/../etc/shadow", Set.of(READ));
        paths.put("/srv/./x", Set.of(READ));
        paths.put("/srv//x", Set.of(READ));
        paths.put("/srv/nul\0byte", Set.of(READ));
        paths.put("/srv/half\uD800surrogate", Set.of(READ));
        paths.put("/srv/" + "x".repeat(AppArmorPaths.MAX_PATH_BYTES), Set.of(READ));
        paths.put("/srv/fine", Set.of(READ));

        AppArmorProfile profile = generator.generate("app", paths, List.of(), List.of());

        assertThat(profile.text()).contains("  \"/srv/fine\" r,\n").doesNotContain("relative", "shadow", "nul",
                "half", "xxxx", "/srv/x\"");
        assertThat(profile.notes()).hasSize(7).allSatisfy(note -> assertThat(note).startsWith("left out ")
                .doesNotContain("\0", "\n").hasSizeLessThan(300));
    }

    @Test
    void countsRatherThanListsManyNotes() {
        Map<String, Set<AccessType>> paths = new HashMap<>();
        for (int i = 0; i < 500; i++) {
            paths.put("relative-" + i, Set.of(READ));
        }

        List<String> notes = generator.generate("app", paths, List.of(), List.of()).notes();

        assertThat(notes).hasSize(AppArmorProfileGenerator.MAX_NOTES + 1)
                .last().isEqualTo("and 400 more notes like these");
    }

    @Test
    void generalisesTheProcessOwnProcAndTerminals() {
        Map<String, Set<AccessType>> paths = new HashMap<>();
        paths.put("/proc/self/status", Set.of(READ));
        paths.put("/proc/17/cgroup", Set.of(READ));
        paths.put("/proc/17/task/18/comm", Set.of(READ, WRITE));
        paths.put("/proc/thread-self/attr/current", Set.of(READ));
        paths.put("/dev/pts/0", Set.of(READ, WRITE));

        String text = generator.generate("app", paths, List.of(), List.of()).text();

        assertThat(text).contains("  \"@{PROC}/@{pid}/status\" r,\n", "  \"@{PROC}/@{pid}/cgroup\" r,\n",
                "  \"@{PROC}/@{pid}/task/@{tid}/comm{,/}\" rwk,\n",
                "  \"@{PROC}/@{pid}/task/@{tid}/attr/current\" r,\n", "  \"/dev/pts/[0-9]*{,/}\" rwk,\n");
        assertThat(text).doesNotContain("/proc/17", "/proc/self");
    }

    @Test
    void neverAllowsWritesToKernelInterfacesWhateverWasObserved() {
        Map<String, Set<AccessType>> paths = new HashMap<>();
        paths.put("/proc/sysrq-trigger", Set.of(WRITE));
        paths.put("/proc/sys/kernel/core_pattern", Set.of(READ, WRITE));
        paths.put("/sys/fs/cgroup/cgroup.procs", Set.of(WRITE));

        AppArmorProfile profile = generator.generate("app", paths, List.of(), List.of());

        assertThat(profile.text()).contains("  \"/proc/sys/kernel/core_pattern\" r,\n")
                .doesNotContain("\"/proc/sysrq-trigger", "cgroup.procs");
        assertThat(profile.notes()).hasSize(3).allSatisfy(note -> assertThat(note).startsWith("not allowed to write"));
    }

    @Test
    void allowsNetworkOnlyForTheExposedProtocols() {
        assertThat(generator.generate("app", Map.of(), List.of(), List.of()).text()).doesNotContain("network");

        String tcp = generator.generate("app", Map.of(), List.of(), List.of("8080/tcp", "9090")).text();
        assertThat(tcp).contains("  network inet stream,\n", "  network inet6 stream,\n").doesNotContain("dgram");

        String both = generator.generate("app", Map.of(), List.of(), List.of("53/udp", "8080/tcp")).text();
        assertThat(both).contains("  network inet stream,\n", "  network inet6 stream,\n",
                "  network inet dgram,\n", "  network inet6 dgram,\n");
    }

    @Test
    void notesExposedPortsItHasNoRuleFor() {
        AppArmorProfile profile = generator.generate("app", Map.of(), List.of(), List.of("132/sctp", "eighty"));

        assertThat(profile.text()).doesNotContain("network");
        assertThat(profile.notes()).hasSize(2);
    }

    @Test
    void makesASafeProfileNameFromAnyName() {
        assertThat(generator.generate("Registry:5000/My App", Map.of(), List.of(), List.of()).name())
                .isEqualTo("slimline-registry-5000-my-app");
        assertThat(generator.generate("x".repeat(300), Map.of(), List.of(), List.of()).name())
                .hasSize("slimline-".length() + 64);
        assertThatThrownBy(() -> generator.generate("/// \n", Map.of(), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSameObservationInAnyOrderGivesTheSameText() {
        Map<String, Set<AccessType>> first = new LinkedHashMap<>();
        first.put("/b", Set.of(READ));
        first.put("/a", Set.of(WRITE, READ));
        first.put("/c", Set.of(LIST));
        Map<String, Set<AccessType>> second = new LinkedHashMap<>();
        second.put("/c", Set.of(LIST));
        second.put("/a", Set.of(READ, WRITE));
        second.put("/b", Set.of(READ));

        assertThat(generator.generate("app", second, List.of("/y", "/x"), List.of("80/tcp", "53/udp")).text())
                .isEqualTo(generator.generate("app", first, List.of("/x", "/y"), List.of("53/udp", "80/tcp")).text());
    }

    @Test
    void refusesMorePathsThanAProfileTakes() {
        Map<String, Set<AccessType>> flood = new HashMap<>();
        for (int i = 0; i <= AppArmorProfileGenerator.MAX_PATHS; i++) {
            flood.put("/f" + i, Set.of(READ));
        }

        assertThatThrownBy(() -> generator.generate("app", flood, List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.slimline.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SeccompProfileGeneratorTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SeccompProfileGenerator generator = new SeccompProfileGenerator();

    @Test
    void allowsTheObservedCallsAndTheRuntimeBaseAndDeniesTheRestWithEperm() {
        SeccompProfile profile = generator.generate(Set.of("uname", "write", "exit_group", "epoll_wait"), "amd64");

        JsonNode json = JSON.readTree(profile.json());
        assertThat(json.path("defaultAction").asString()).isEqualTo("SCMP_ACT_ERRNO");
        assertThat(json.path("defaultErrnoRet").asInt()).isEqualTo(1);
        JsonNode allow = json.path("syscalls").get(0);
        assertThat(allow.path("action").asString()).isEqualTo("SCMP_ACT_ALLOW");
        List<String> names = strings(allow.path("names"));
        assertThat(names).contains("uname", "write", "exit_group", "epoll_wait")
                .contains("fstatfs", "fstat", "openat", "getdents64", "fcntl", "close", "capset", "prctl",
                        "setuid", "setgid", "setgroups", "faccessat2", "execve", "futex", "rt_sigreturn")
                .doesNotHaveDuplicates().isSorted()
                .isEqualTo(profile.allowed());
        assertThat(profile.allowed()).doesNotContain("mount", "ptrace", "clone3", "bpf");
    }

    @Test
    void allowsWhatTheSensorLetThroughUnseenAndSaysWhichItAdded() {
        SeccompProfile profile = generator.generate(Set.of("uname", "write"), List.of("epoll_wait", "write", "futex"),
                "amd64");

        assertThat(profile.allowed()).contains("uname", "write", "epoll_wait", "futex");
        assertThat(profile.allowedWithoutObservation()).as("observed or the runtime's already: not counted")
                .containsExactly("epoll_wait");
        assertThat(profile.allowed()).doesNotContain("mount", "personality", "sysinfo");
    }

    @Test
    void leavesOutAnUnknownNameTheSensorClaimsToHaveLetThrough() {
        SeccompProfile profile = generator.generate(Set.of("write"), List.of("not_a_call"), "amd64");

        assertThat(profile.allowed()).doesNotContain("not_a_call");
        assertThat(profile.notes()).anySatisfy(note -> assertThat(note).contains("not_a_call"));
    }

    @Test
    void theRuntimeBaseAloneStaysSmall() {
        SeccompProfile profile = generator.generate(Set.of(), "amd64");

        assertThat(profile.allowed()).hasSizeBetween(20, 40).isEqualTo(profile.addedByRuntime());
    }

    @Test
    void reportsWhichNamesTheRuntimeBaseAdded() {
        SeccompProfile profile = generator.generate(Set.of("uname", "write", "fstatfs"), "amd64");

        assertThat(profile.addedByRuntime()).contains("fstat", "execve", "exit_group")
                .doesNotContain("uname", "write", "fstatfs");
        assertThat(profile.allowed()).containsAll(profile.addedByRuntime()).contains("uname", "write", "fstatfs");
    }

    @Test
    void answersClone3WithEnosysOnlyWhenItWasNotObserved() {
        SeccompProfile without = generator.generate(Set.of("clone", "write"), "amd64");
        JsonNode rules = JSON.readTree(without.json()).path("syscalls");
        assertThat(without.clone3Enosys()).isTrue();
        assertThat(rules).hasSize(2);
        assertThat(strings(rules.get(1).path("names"))).containsExactly("clone3");
        assertThat(rules.get(1).path("action").asString()).isEqualTo("SCMP_ACT_ERRNO");
        assertThat(rules.get(1).path("errnoRet").asInt()).isEqualTo(38);

        SeccompProfile with = generator.generate(Set.of("clone3", "write"), "amd64");
        JsonNode withRules = JSON.readTree(with.json()).path("syscalls");
        assertThat(with.clone3Enosys()).isFalse();
        assertThat(withRules).hasSize(1);
        assertThat(strings(withRules.get(0).path("names"))).contains("clone3");
    }

    @Test
    void listsTheArchitecturesOfTheImage() {
        assertThat(strings(JSON.readTree(generator.generate(Set.of(), "amd64").json()).path("architectures")))
                .containsExactly("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
        assertThat(strings(JSON.readTree(generator.generate(Set.of(), "arm64").json()).path("architectures")))
                .containsExactly("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM");
        assertThat(generator.generate(Set.of(), "x86_64").architecture()).isEqualTo(ImageArchitecture.AMD64);
    }

    @Test
    void refusesArchitecturesItHasNoProfileFor() {
        assertThatThrownBy(() -> generator.generate(Set.of("write"), "s390x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("s390x");
    }

    @Test
    void namesAreCheckedAgainstTheImageArchitecture() {
        // x86-only calls: libseccomp knows no such call on arm64 (or 32-bit arm), and ARM-only ones the other way
        SeccompProfile arm = generator.generate(Set.of("arch_prctl", "modify_ldt", "set_tls", "openat"), "arm64");
        assertThat(arm.allowed()).contains("openat", "set_tls").doesNotContain("arch_prctl", "modify_ldt");
        assertThat(arm.notes()).hasSize(2).anySatisfy(note -> assertThat(note).contains("arch_prctl", "arm64"));

        SeccompProfile amd = generator.generate(Set.of("arch_prctl", "modify_ldt", "set_tls", "openat"), "amd64");
        assertThat(amd.allowed()).contains("openat", "arch_prctl", "modify_ldt").doesNotContain("set_tls");
        assertThat(amd.notes()).singleElement().asString().contains("set_tls", "amd64");
    }

    @Test
    void leavesOutUnknownNamesWithANote() {
        List<String> observed = new ArrayList<>(List.of("write", "syscall_462", "not_a_call", "bad\"name\n"));
        observed.add(null);
        SeccompProfile profile = generator.generate(observed, "amd64");

        assertThat(profile.allowed()).contains("write").doesNotContain("syscall_462", "not_a_call", "bad\"name\n");
        assertThat(profile.json()).doesNotContain("syscall_462", "not_a_call", "bad");
        assertThat(profile.notes()).hasSize(4)
                .anySatisfy(note -> assertThat(note).startsWith("left out syscall_462:"))
                .anySatisfy(note -> assertThat(note).startsWith("left out not_a_call:"))
                .anySatisfy(note -> assertThat(note).startsWith("left out 'bad?name?':"))
                .allSatisfy(note -> assertThat(note).doesNotContain("\n", "\""));
    }

    @Test
    void refusesMoreNamesThanAnySyscallSetHas() {
        List<String> flood = IntStream.range(0, SeccompProfileGenerator.MAX_OBSERVED + 1)
                .mapToObj(i -> "syscall_" + i).toList();

        assertThatThrownBy(() -> generator.generate(flood, "amd64")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void complainVariantOnlyLogsButHasTheSameRules() {
        SeccompProfile profile = generator.generate(Set.of("uname", "write"), "amd64");

        JsonNode enforce = JSON.readTree(profile.json());
        JsonNode complain = JSON.readTree(profile.complainJson());
        assertThat(complain.path("defaultAction").asString()).isEqualTo("SCMP_ACT_LOG");
        assertThat(complain.path("syscalls")).isEqualTo(enforce.path("syscalls"));
        assertThat(complain.path("architectures")).isEqualTo(enforce.path("architectures"));
    }

    @Test
    void theSameInputInAnyOrderGivesTheSameBytes() {
        List<String> observed = new ArrayList<>(List.of("write", "uname", "read", "mmap", "brk", "exit_group"));
        String first = generator.generate(observed, "amd64").json();
        Collections.reverse(observed);
        String second = new SeccompProfileGenerator().generate(observed, "amd64").json();

        assertThat(second).isEqualTo(first);
        assertThat(first).startsWith("{\n  \"defaultAction\": \"SCMP_ACT_ERRNO\",\n  \"defaultErrnoRet\": 1,\n"
                + "  \"architectures\": [\n    \"SCMP_ARCH_X86_64\",")
                .endsWith("}\n");
        assertThat(first.indexOf("\"brk\"")).isLessThan(first.indexOf("\"mmap\""));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(node -> out.add(node.asString()));
        return out;
    }
}

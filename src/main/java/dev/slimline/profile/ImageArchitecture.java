package dev.slimline.profile;

import java.util.List;
import java.util.Locale;

/**
 * The image architectures Slimline makes seccomp profiles for, with the seccomp architectures a
 * profile for such an image lists: the native one and those its CPUs also run (as Docker's
 * default profile does), so a 32-bit call cannot bypass a filter written for 64-bit numbers.
 */
public enum ImageArchitecture {

    AMD64("amd64", List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32")),
    ARM64("arm64", List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"));

    private final String dockerName;
    private final List<String> seccompArchitectures;

    ImageArchitecture(String dockerName, List<String> seccompArchitectures) {
        this.dockerName = dockerName;
        this.seccompArchitectures = seccompArchitectures;
    }

    /** As image inspect's {@code Architecture} says it. */
    public String dockerName() {
        return dockerName;
    }

    List<String> seccompArchitectures() {
        return seccompArchitectures;
    }

    /**
     * The architecture image inspect names ({@code amd64}, {@code arm64}; the kernel's
     * {@code x86_64} and {@code aarch64} are accepted too).
     *
     * @throws IllegalArgumentException for any other architecture: Slimline has no profile for it
     */
    public static ImageArchitecture fromDocker(String name) {
        String normalized = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return switch (normalized) {
            case "amd64", "x86_64" -> AMD64;
            case "arm64", "aarch64" -> ARM64;
            default -> throw new IllegalArgumentException("no seccomp profile for image architecture '"
                    + (normalized.length() > 32 ? normalized.substring(0, 32) + "..." : normalized)
                    + "' (supported: amd64, arm64)");
        };
    }
}

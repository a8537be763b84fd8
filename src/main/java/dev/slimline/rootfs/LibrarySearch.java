package dev.slimline.rootfs;

import dev.slimline.names.ByteNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the dynamic loader of an image looks for a library, in the order glibc uses: the object's
 * {@code DT_RPATH} and its loaders' (when it has no {@code DT_RUNPATH}), {@code LD_LIBRARY_PATH}
 * from the image's environment, {@code DT_RUNPATH}, the directories of {@code /etc/ld.so.conf}
 * (what {@code ld.so.cache} is built from) or musl's {@code /etc/ld-musl-*.path}, the multiarch
 * directories of the object's machine, then the default directories.
 *
 * <p>{@code $ORIGIN} and {@code $LIB} are expanded; directories with other tokens ({@code $PLATFORM})
 * or relative ones (relative to the process's cwd at run time) are skipped.
 */
final class LibrarySearch {

    private static final int MAX_INCLUDE_DEPTH = 8;

    private static final Map<Integer, List<String>> MULTIARCH = Map.of(
            62, List.of("x86_64-linux-gnu"),
            183, List.of("aarch64-linux-gnu"),
            3, List.of("i386-linux-gnu"),
            40, List.of("arm-linux-gnueabihf", "arm-linux-gnueabi"),
            22, List.of("s390x-linux-gnu"),
            243, List.of("riscv64-linux-gnu"),
            258, List.of("loongarch64-linux-gnu"),
            8, List.of("mips64el-linux-gnuabi64", "mipsel-linux-gnu", "mips-linux-gnu"));

    private final List<String> configured;
    private final List<String> libraryPath;

    LibrarySearch(ImageIndex index, PathResolver resolver, List<String> environment) {
        this.configured = configuredDirectories(index, resolver);
        List<String> fromEnv = new ArrayList<>();
        for (String variable : environment) {
            if (variable.startsWith("LD_LIBRARY_PATH=")) {
                for (String dir : variable.substring("LD_LIBRARY_PATH=".length()).split("[:;]")) {
                    if (dir.startsWith("/")) {
                        fromEnv.add(dir);
                    }
                }
            }
        }
        this.libraryPath = List.copyOf(fromEnv);
    }

    /**
     * The directories to search for the libraries of {@code elf} at {@code path}.
     *
     * @param loaderRpath the expanded {@code DT_RPATH} directories of the objects that loaded it
     */
    List<String> directories(String path, ElfInfo elf, List<String> loaderRpath) {
        Set<String> dirs = new LinkedHashSet<>();
        if (elf.runpath().isEmpty()) {
            dirs.addAll(expand(elf.rpath(), path, elf));
            dirs.addAll(loaderRpath);
        }
        dirs.addAll(libraryPath);
        dirs.addAll(expand(elf.runpath(), path, elf));
        dirs.addAll(configured);
        for (String triplet : triplets(elf)) {
            dirs.add("/lib/" + triplet);
            dirs.add("/usr/lib/" + triplet);
        }
        if (elf.bits() == 64) {
            dirs.add("/lib64");
            dirs.add("/usr/lib64");
        }
        dirs.add("/lib");
        dirs.add("/usr/lib");
        dirs.add("/usr/local/lib");
        return new ArrayList<>(dirs);
    }

    /** The object's own {@code DT_RPATH}, expanded, for the libraries it loads. */
    List<String> ownRpath(String path, ElfInfo elf) {
        return expand(elf.rpath(), path, elf);
    }

    private static List<String> expand(List<String> dirs, String path, ElfInfo elf) {
        String origin = ArchivePaths.parent(path);
        List<String> out = new ArrayList<>();
        for (String dir : dirs) {
            String d = dir.replace("${ORIGIN}", origin).replace("$ORIGIN", origin);
            List<String> variants = new ArrayList<>();
            if (d.contains("$LIB") || d.contains("${LIB}")) {
                List<String> libs = new ArrayList<>();
                triplets(elf).forEach(t -> libs.add("lib/" + t));
                if (elf.bits() == 64) {
                    libs.add("lib64");
                }
                libs.add("lib");
                for (String lib : libs) {
                    variants.add(d.replace("${LIB}", lib).replace("$LIB", lib));
                }
            } else {
                variants.add(d);
            }
            for (String v : variants) {
                if (v.startsWith("/") && !v.contains("$")) {
                    out.add(v.length() > 1 && v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
                }
            }
        }
        return out;
    }

    private static List<String> triplets(ElfInfo elf) {
        if (elf.machine() == 21) {
            return List.of(elf.littleEndian() ? "powerpc64le-linux-gnu" : "powerpc64-linux-gnu");
        }
        return MULTIARCH.getOrDefault(elf.machine(), List.of());
    }

    private static List<String> configuredDirectories(ImageIndex index, PathResolver resolver) {
        Set<String> dirs = new LinkedHashSet<>();
        readConf(index, resolver, "/etc/ld.so.conf", dirs, new HashSet<>(), 0);
        index.loaderConfigPaths().stream().filter(p -> p.startsWith("/etc/ld-musl-")).sorted().forEach(p -> {
            for (String dir : text(index, p).split("[:\n]")) {
                if (dir.strip().startsWith("/")) {
                    dirs.add(dir.strip());
                }
            }
        });
        return List.copyOf(dirs);
    }

    private static void readConf(ImageIndex index, PathResolver resolver, String file, Set<String> dirs,
            Set<String> seen, int depth) {
        PathResolver.Resolution r = resolver.resolve(file, true);
        if (!r.found() || depth > MAX_INCLUDE_DEPTH || !seen.add(r.path())) {
            return;
        }
        for (String line : text(index, r.path()).split("\n")) {
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (content.startsWith("include")) {
                for (String pattern : content.substring("include".length()).strip().split("\\s+")) {
                    if (pattern.isEmpty() || pattern.indexOf('\0') >= 0) {
                        continue;
                    }
                    Glob glob = Glob.compile(pattern.startsWith("/") ? pattern : "/etc/" + pattern);
                    index.loaderConfigPaths().stream().filter(glob::matches).sorted()
                            .forEach(p -> readConf(index, resolver, p, dirs, seen, depth + 1));
                }
            } else if (!content.startsWith("hwcap")) {
                for (String dir : content.split("[\\s:,=]+")) {
                    if (dir.startsWith("/")) {
                        dirs.add(dir.length() > 1 && dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir);
                    }
                }
            }
        }
    }

    private static String text(ImageIndex index, String path) {
        return index.loaderConfig(path).map(ByteNames::decode).orElse("");
    }
}

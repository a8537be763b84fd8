package dev.slimline.rootfs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides what the slim image keeps (DESIGN §4), from the image's index and what the application
 * was seen using. Single use: collect the inputs, then {@link #build()}.
 *
 * <p>Decisions worth knowing:
 * <ul>
 * <li>Observed paths are selectors, not content: a path counts only when it exists in the image.
 *     A directory that was only stat-ed or listed keeps its own entry, not its content: whatever the
 *     application then opened from a listing was observed on its own; keeping every listed entry
 *     would pull whole trees (module resolution lists many directories) into the slim image.
 * <li>An observed path the image lacks was created by the application (or mounted by the runtime):
 *     the deepest directory of the image above it is kept, as creating it there fails without that
 *     directory (nginx's temp directories under {@code /var/lib/nginx}).
 * <li>A path on which a call failed with an error only an existing path gives (a {@code mkdir} that
 *     returns {@code EEXIST}, {@code EACCES}, {@code ELOOP}, ...) is kept like an observed one: the
 *     application depends on it being there. When the image lacks it (the error is about a path
 *     above it, as {@code ENOTDIR}), the deepest entry of the image above it is kept.
 * <li>Every symlink followed on the way to a kept path is kept, and what it points to is kept with
 *     the reason of the path asked for; a dangling symlink is kept as the link alone.
 * <li>Kept ELF files bring their interpreter and their {@code DT_NEEDED} closure, found the way the
 *     loader would find them in the image ({@link LibrarySearch}), with the symlinks on the way.
 * <li>Exclude always wins: an excluded path is never kept, nor is anything it alone would have
 *     brought in (its libraries). A directory that is excluded while something below it is kept is
 *     left out too; the importer then creates it with default owner and mode. Patterns are matched
 *     against physical paths, and against the path their literal prefix resolves to, so
 *     {@code /lib/**} also excludes {@code /usr/lib/...} in a merged-/usr image.
 * <li>{@code /etc/passwd} and {@code /etc/group} are kept whole when present (so the image's USER,
 *     and any user the application looks up, resolves), as are {@code /etc/nsswitch.conf} and
 *     {@code /etc/ld.so.cache}. Nothing is ever synthesized but an empty {@code /tmp} when the
 *     image has none.
 * </ul>
 */
public final class KeepSetBuilder {

    /** Linux's PATH_MAX: longer selectors are ignored. */
    static final int MAX_SELECTOR_LENGTH = 4096;
    private static final int MAX_WARNINGS = 200;
    private static final List<String> SYSTEM_FILES = List.of("/etc/passwd", "/etc/group", "/etc/nsswitch.conf",
            "/etc/ld.so.cache");
    private static final List<String> CA_BUNDLES = List.of("/etc/ssl/certs/ca-certificates.crt",
            "/etc/pki/tls/certs/ca-bundle.crt", "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
            "/etc/ssl/ca-bundle.pem", "/etc/ssl/cert.pem", "/etc/pki/tls/cacert.pem");
    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final ImageIndex index;
    private final PathResolver resolver;
    private final List<String> observed = new ArrayList<>();
    private final Map<String, String> failedOnExisting = new LinkedHashMap<>();
    private final List<String> volumes = new ArrayList<>();
    private final List<String> environment = new ArrayList<>();
    private final List<Glob> includePaths = new ArrayList<>();
    private final List<String> includeBinaries = new ArrayList<>();
    private final List<Glob> excludes = new ArrayList<>();
    private String workingDir;
    private boolean shell;
    private boolean caCertificates;

    private final Map<String, KeepSet.Kept> kept = new LinkedHashMap<>();
    private final Deque<ElfWork> elfWork = new ArrayDeque<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> excluded = new ArrayList<>();
    private LibrarySearch librarySearch;
    private boolean built;

    public KeepSetBuilder(ImageIndex index) {
        this.index = index;
        this.resolver = new PathResolver(index);
    }

    /** Paths the application used successfully, as the sensor reported them (absolute, unresolved). */
    public KeepSetBuilder observed(Collection<String> paths) {
        observed.addAll(paths);
        return this;
    }

    /**
     * Paths on which a call failed in a way that proves they existed, each with that proof
     * ({@code "write: EEXIST"}), as the sensor reported them (absolute, unresolved).
     */
    public KeepSetBuilder failedOnExisting(Map<String, String> pathsWithProof) {
        failedOnExisting.putAll(pathsWithProof);
        return this;
    }

    /** From the image's configuration; {@code environment} as {@code NAME=value} (PATH, LD_LIBRARY_PATH). */
    public KeepSetBuilder imageConfig(String workingDirectory, List<String> declaredVolumes,
            List<String> environmentVariables) {
        this.workingDir = workingDirectory;
        this.volumes.addAll(declaredVolumes);
        this.environment.addAll(environmentVariables);
        return this;
    }

    /** @throws IllegalArgumentException for a pattern that is not absolute */
    public KeepSetBuilder includePaths(List<String> patterns) {
        patterns.forEach(p -> includePaths.add(Glob.compile(p)));
        return this;
    }

    /** Absolute paths, or names looked up in the image's PATH; each comes with its libraries. */
    public KeepSetBuilder includeBinaries(List<String> binaries) {
        includeBinaries.addAll(binaries);
        return this;
    }

    /** Keep {@code /bin/sh} and what it needs. */
    public KeepSetBuilder includeShell(boolean include) {
        this.shell = include;
        return this;
    }

    /** Keep the image's CA certificate bundle and {@code /etc/ssl/certs}. */
    public KeepSetBuilder includeCaCertificates(boolean include) {
        this.caCertificates = include;
        return this;
    }

    /** @throws IllegalArgumentException for a pattern that is not absolute */
    public KeepSetBuilder exclude(List<String> patterns) {
        for (String p : patterns) {
            Glob glob = Glob.compile(p);
            excludes.add(glob);
            PathResolver.Resolution prefix = resolver.resolve(glob.literalPrefix(), true);
            if (prefix.found() && !prefix.path().equals(glob.literalPrefix())) {
                excludes.add(glob.rebase(prefix.path()));
            }
        }
        return this;
    }

    public KeepSet build() {
        if (built) {
            throw new IllegalStateException("a KeepSetBuilder builds once");
        }
        built = true;
        librarySearch = new LibrarySearch(index, resolver, environment);
        for (String file : SYSTEM_FILES) {
            keepResolved(file, KeepReason.SYSTEM_FILE, null);
        }
        if (workingDir != null && !workingDir.isBlank()) {
            keepSelector(workingDir, KeepReason.IMAGE_CONFIG, "WORKDIR");
        }
        volumes.forEach(v -> keepSelector(v, KeepReason.IMAGE_CONFIG, "VOLUME"));
        boolean synthesizeTmp = !keepResolved("/tmp", KeepReason.IMAGE_CONFIG, null)
                && index.entry("/tmp").isEmpty() && !isExcluded("/tmp");
        observed.forEach(this::keepObserved);
        failedOnExisting.forEach((p, proof) -> keepOrAncestor(p, KeepReason.FAILED_ON_EXISTING, proof,
                KeepReason.FAILED_ON_EXISTING, proof + " on " + p));
        includes();
        while (!elfWork.isEmpty()) {
            closure(elfWork.poll());
        }
        return new KeepSet(kept, synthesizeTmp, warnings, excluded);
    }

    private void includes() {
        for (Glob glob : includePaths) {
            if (!glob.hasWildcard()) {
                if (!keepResolved(glob.literalPrefix(), KeepReason.INCLUDE_PATH, glob.toString())) {
                    warn("included path " + glob + " is not in the image");
                }
                continue;
            }
            if (keepMatching(glob, KeepReason.INCLUDE_PATH) == 0) {
                warn("included pattern " + glob + " matches nothing in the image");
            }
        }
        for (String binary : includeBinaries) {
            includeBinary(binary);
        }
        if (shell && !keepResolved("/bin/sh", KeepReason.SHELL, null)) {
            warn("a shell was asked for, but the image has no /bin/sh");
        }
        if (caCertificates) {
            int found = 0;
            for (String bundle : CA_BUNDLES) {
                found += keepResolved(bundle, KeepReason.CA_CERTIFICATES, null) ? 1 : 0;
            }
            found += keepMatching(Glob.compile("/etc/ssl/certs/**"), KeepReason.CA_CERTIFICATES);
            if (found == 0) {
                warn("CA certificates were asked for, but the image has none in the usual places");
            }
        }
    }

    private void includeBinary(String binary) {
        if (binary.startsWith("/")) {
            if (!keepResolved(binary, KeepReason.INCLUDE_BINARY, null)) {
                warn("included binary " + binary + " is not in the image");
            }
            return;
        }
        if (binary.isEmpty() || binary.contains("/") || binary.indexOf('\0') >= 0) {
            warn("included binary " + binary + " is neither an absolute path nor a plain name");
            return;
        }
        String path = environment.stream().filter(v -> v.startsWith("PATH=")).reduce((a, b) -> b)
                .map(v -> v.substring(5)).orElse(DEFAULT_PATH);
        for (String dir : path.split(":")) {
            if (!dir.startsWith("/")) {
                continue;
            }
            String candidate = ArchivePaths.child(dir.length() > 1 && dir.endsWith("/")
                    ? dir.substring(0, dir.length() - 1) : dir, binary);
            PathResolver.Resolution r = resolver.resolve(candidate, true);
            if (r.found() && isRegularFile(r.path())) {
                keepResolved(candidate, KeepReason.INCLUDE_BINARY, binary);
                return;
            }
        }
        warn("included binary " + binary + " is not in the image's PATH (" + path + ")");
    }

    /** Keeps every entry matching the pattern, looking where its literal prefix leads; returns how many. */
    private int keepMatching(Glob glob, KeepReason reason) {
        PathResolver.Resolution prefix = resolver.resolve(glob.literalPrefix(), true);
        if (!prefix.found()) {
            return 0;
        }
        prefix.symlinks().forEach(link -> keep(link, KeepReason.SYMLINK, glob.toString()));
        Glob physical = prefix.path().equals(glob.literalPrefix()) ? glob : glob.rebase(prefix.path());
        List<String> matches = index.entries().stream().map(ImageEntry::path).filter(physical::matches).toList();
        matches.forEach(m -> keepResolved(m, reason, glob.toString()));
        return matches.size();
    }

    /** An untrusted selector from the sensor or the image config: checked before use. */
    private void keepSelector(String path, KeepReason reason, String cause) {
        if (isSelector(path)) {
            keepResolved(path, reason, cause);
        }
    }

    /** An observed path, or when the image lacks it (the application created it), the directory it was created in. */
    private void keepObserved(String path) {
        keepOrAncestor(path, KeepReason.OBSERVED, null, KeepReason.CREATED_IN, path);
    }

    /**
     * Keeps the path, or when the image lacks it, the deepest directory of the image above it: the
     * application's lookup got that far (what it created, or the file whose ENOTDIR it met, is beyond).
     */
    private void keepOrAncestor(String path, KeepReason reason, String cause, KeepReason ancestorReason,
            String ancestorCause) {
        if (!isSelector(path) || keepResolved(path, reason, cause)) {
            return;
        }
        String normalised;
        try {
            normalised = ArchivePaths.normaliseEntryName(path.substring(1));
        } catch (IllegalArgumentException e) {
            return;
        }
        for (String dir = ArchivePaths.parent(normalised); dir != null && !dir.equals(ArchivePaths.ROOT);
                dir = ArchivePaths.parent(dir)) {
            if (keepResolved(dir, ancestorReason, ancestorCause)) {
                return;
            }
        }
    }

    private static boolean isSelector(String path) {
        return path != null && path.startsWith("/") && path.length() <= MAX_SELECTOR_LENGTH && path.indexOf('\0') < 0;
    }

    private boolean keepResolved(String path, KeepReason reason, String cause) {
        return keepResolved(path, reason, cause, List.of());
    }

    /**
     * Keeps where a path leads and every symlink on the way; false when it leads nowhere in the image.
     *
     * @param loaderRpath for a library: the {@code DT_RPATH} directories of the objects loading it
     */
    private boolean keepResolved(String path, KeepReason reason, String cause, List<String> loaderRpath) {
        PathResolver.Resolution r = resolver.resolve(path, true);
        for (String link : r.symlinks()) {
            keep(link, KeepReason.SYMLINK, path, List.of());
        }
        if (r.found() && !r.path().equals(ArchivePaths.ROOT)) {
            keep(r.path(), reason, cause == null && !r.path().equals(path) ? path : cause, loaderRpath);
        }
        return r.found();
    }

    private void keep(String path, KeepReason reason, String cause) {
        keep(path, reason, cause, List.of());
    }

    private void keep(String path, KeepReason reason, String cause, List<String> loaderRpath) {
        if (kept.containsKey(path)) {
            return;
        }
        if (isExcluded(path)) {
            if (excluded.size() < MAX_WARNINGS && !excluded.contains(path)) {
                excluded.add(path);
            }
            return;
        }
        ImageEntry entry = index.entry(path).orElse(null);
        if (entry == null) {
            return;
        }
        kept.put(path, new KeepSet.Kept(path, reason, cause));
        for (String dir = ArchivePaths.parent(path); dir != null && !dir.equals(ArchivePaths.ROOT);
                dir = ArchivePaths.parent(dir)) {
            if (!kept.containsKey(dir) && index.entry(dir).isPresent() && !isExcluded(dir)) {
                kept.put(dir, new KeepSet.Kept(dir, KeepReason.PARENT, path));
            }
        }
        if (entry.type() == EntryType.HARDLINK) {
            keep(entry.link(), KeepReason.HARDLINK_TARGET, path, loaderRpath);
        }
        if (entry.elf() != null) {
            elfWork.add(new ElfWork(path, entry.elf(), loaderRpath));
        }
        if (entry.scriptInterpreter() != null
                && !keepResolved(entry.scriptInterpreter(), KeepReason.SCRIPT_INTERPRETER, path)) {
            warn(path + " is a script for " + entry.scriptInterpreter() + ", which is not in the image");
        }
    }

    private record ElfWork(String path, ElfInfo elf, List<String> loaderRpath) {
    }

    private void closure(ElfWork work) {
        ElfInfo elf = work.elf();
        if (elf.interpreter() != null && !keepResolved(elf.interpreter(), KeepReason.ELF_INTERPRETER, work.path())) {
            warn(work.path() + " needs the interpreter " + elf.interpreter() + ", which is not in the image");
        }
        List<String> dirs = librarySearch.directories(work.path(), elf, work.loaderRpath());
        List<String> childRpath = new ArrayList<>(librarySearch.ownRpath(work.path(), elf));
        childRpath.addAll(work.loaderRpath());
        childRpath = List.copyOf(childRpath);
        for (String library : elf.needed()) {
            String found = findLibrary(library, dirs, elf);
            if (found == null) {
                if (!keptUnderName(library)) {
                    warn(work.path() + " needs " + library + ", which is not in the image");
                }
                continue;
            }
            keepResolved(found, KeepReason.ELF_NEEDED, work.path(), childRpath);
        }
    }

    /**
     * Whether a kept file is called {@code library}. The loader takes a library that is already
     * loaded, by name, before searching: a JVM loads {@code libjvm.so} by its full path, so the
     * {@code libjava.so} that needs it finds it although no search directory holds it.
     */
    private boolean keptUnderName(String library) {
        String suffix = "/" + library;
        return kept.keySet().stream().anyMatch(path -> path.endsWith(suffix) && isRegularFile(path));
    }

    private String findLibrary(String library, List<String> dirs, ElfInfo needer) {
        if (library.contains("/")) {
            return library.startsWith("/") && resolver.resolve(library, true).found() ? library : null;
        }
        for (String dir : dirs) {
            String candidate = ArchivePaths.child(dir, library);
            PathResolver.Resolution r = resolver.resolve(candidate, true);
            if (!r.found() || !isRegularFile(r.path())) {
                continue;
            }
            ElfInfo elf = elfOf(index.entry(r.path()).orElseThrow());
            if (elf == null || (elf.bits() == needer.bits() && elf.machine() == needer.machine())) {
                return candidate;
            }
        }
        return null;
    }

    private boolean isRegularFile(String path) {
        return index.entry(path).map(e -> e.type() == EntryType.FILE || e.type() == EntryType.HARDLINK)
                .orElse(false);
    }

    /** A hard link's ELF information is on the entry that holds the content. */
    private ElfInfo elfOf(ImageEntry entry) {
        if (entry.type() == EntryType.HARDLINK) {
            return index.entry(entry.link()).map(ImageEntry::elf).orElse(null);
        }
        return entry.elf();
    }

    private boolean isExcluded(String path) {
        for (Glob glob : excludes) {
            if (glob.matches(path)) {
                return true;
            }
        }
        return false;
    }

    private void warn(String warning) {
        if (warnings.size() < MAX_WARNINGS && !warnings.contains(warning)) {
            warnings.add(warning);
        }
    }
}

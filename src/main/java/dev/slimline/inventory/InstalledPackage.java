package dev.slimline.inventory;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import java.util.TreeMap;

/**
 * One package as its metadata in the image declares it.
 *
 * @param namespace a Maven group id, an npm scope ({@code @babel}) or a distribution ({@code debian});
 *     null when there is none
 * @param version null when the metadata names none
 * @param license as declared (a name or an SPDX expression); null when none is
 * @param arch the architecture an OS package was built for; null otherwise
 * @param distro an OS package's distribution release ({@code debian-12}); null otherwise
 * @param location the metadata file it was read from ({@code /var/lib/dpkg/status}, a jar!/path, ...)
 * @param sha512 the content hash the metadata states (npm's lockfile integrity), hex; null otherwise
 */
public record InstalledPackage(Ecosystem ecosystem, String namespace, String name, String version, String license,
        String arch, String distro, String location, String sha512) {

    /** The package URL (purl), which scanners match against vulnerability databases. */
    public String purl() {
        TreeMap<String, String> qualifiers = new TreeMap<>();
        if (arch != null) {
            qualifiers.put("arch", arch);
        }
        if (distro != null) {
            qualifiers.put("distro", distro);
        }
        try {
            return new PackageURL(ecosystem.purlType(), namespace, purlName(), version,
                    qualifiers.isEmpty() ? null : qualifiers, null).canonicalize();
        } catch (MalformedPackageURLException e) {
            // a name the purl grammar refuses still deserves an entry: the generic type takes any name
            try {
                return new PackageURL("generic", null, name, version, null, null).canonicalize();
            } catch (MalformedPackageURLException again) {
                throw new IllegalStateException("generic package URLs take any name", again);
            }
        }
    }

    /** Python names are normalised in purls (PEP 503): lower case, runs of {@code -_.} as one dash. */
    private String purlName() {
        return ecosystem == Ecosystem.PYPI ? name.toLowerCase().replaceAll("[-_.]+", "-") : name;
    }

    /** {@code ecosystem:namespace/name@version}: what tells two packages apart in reports. */
    public String key() {
        return ecosystem.label() + ":" + (namespace == null ? "" : namespace + "/") + name
                + (version == null ? "" : "@" + version) + (arch == null ? "" : ":" + arch);
    }
}

package dev.slimline.inventory;

/** Where a package's metadata came from, and the package URL type it gets. */
public enum Ecosystem {
    /** Debian and Ubuntu: {@code /var/lib/dpkg/status}. */
    DPKG("deb", false),
    /** Alpine: {@code /lib/apk/db/installed}. */
    APK("apk", false),
    /** Python distributions: {@code *.dist-info} and {@code *.egg-info}. */
    PYPI("pypi", true),
    /** npm packages under {@code node_modules}. */
    NPM("npm", true),
    /** Java artifacts named by {@code META-INF/maven/**}{@code /pom.properties} in jars. */
    MAVEN("maven", true);

    private final String purlType;
    private final boolean language;

    Ecosystem(String purlType, boolean language) {
        this.purlType = purlType;
        this.language = language;
    }

    public String purlType() {
        return purlType;
    }

    /**
     * A language package names its files more narrowly than the OS package that may have installed
     * it (Debian's python3-flask holds Flask's files), so a file both claim is counted with it.
     */
    boolean moreSpecificThanOs() {
        return language;
    }

    public String label() {
        return name().toLowerCase();
    }
}

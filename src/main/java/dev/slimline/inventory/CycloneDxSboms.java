package dev.slimline.inventory;

import dev.slimline.names.ByteNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Evidence;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.License;
import org.cyclonedx.model.LicenseChoice;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.component.evidence.Occurrence;
import org.cyclonedx.model.metadata.ToolInformation;
import org.cyclonedx.parsers.JsonParser;

/**
 * CycloneDX 1.6 SBOMs (JSON) of the original and of the slim image, written with the CycloneDX
 * library and checked against its JSON schema before they are handed out. The slim image's SBOM
 * holds the packages with at least one kept file, the kept files as evidence (occurrences) and
 * properties saying how much of each package was kept; the original's holds every package.
 */
public final class CycloneDxSboms {

    static final Version VERSION = Version.VERSION_16;
    /** Occurrences listed per component; a package with more says so in a property. */
    static final int MAX_OCCURRENCES = 1000;
    private static final String PREFIX = "slimline:";

    /**
     * The image an SBOM describes.
     *
     * @param reference its name ({@code app:1.4}, {@code app.slim:1.4})
     * @param imageId its id, when known when the SBOM is written
     */
    public record Subject(String reference, String imageId) {
    }

    private CycloneDxSboms() {
    }

    /** @throws InvalidSbomException when the library's schema validation refuses what it wrote */
    public static byte[] original(SelectionInventory inventory, Subject image) {
        Bom bom = bom(image);
        Set<String> refs = new HashSet<>();
        for (SelectionInventory.Weighed w : inventory.weighed()) {
            addComponent(bom, w, false, refs);
        }
        return validated(bom);
    }

    /** @throws InvalidSbomException when the library's schema validation refuses what it wrote */
    public static byte[] slim(SelectionInventory inventory, Subject image) {
        Bom bom = bom(image);
        Set<String> refs = new HashSet<>();
        for (SelectionInventory.Weighed w : inventory.weighed()) {
            if (w.inSlimImage()) {
                addComponent(bom, w, true, refs);
            }
        }
        return validated(bom);
    }

    private static Bom bom(Subject image) {
        Bom bom = new Bom();
        bom.setSerialNumber("urn:uuid:" + UUID.randomUUID());
        Metadata metadata = new Metadata();
        metadata.setTimestamp(new Date());
        Component tool = new Component();
        tool.setType(Component.Type.APPLICATION);
        tool.setName("slimline");
        ToolInformation tools = new ToolInformation();
        tools.setComponents(List.of(tool));
        metadata.setToolChoice(tools);
        Component subject = new Component();
        subject.setType(Component.Type.CONTAINER);
        subject.setName(image.reference());
        subject.setBomRef("image");
        if (image.imageId() != null) {
            subject.setVersion(image.imageId());
        }
        metadata.setComponent(subject);
        bom.setMetadata(metadata);
        bom.setComponents(new ArrayList<>());
        return bom;
    }

    private static void addComponent(Bom bom, SelectionInventory.Weighed w, boolean slim, Set<String> refs) {
        InstalledPackage p = w.pkg();
        Component c = new Component();
        c.setType(Component.Type.LIBRARY);
        c.setName(text(p.name()));
        if (p.namespace() != null && p.ecosystem() != Ecosystem.DPKG && p.ecosystem() != Ecosystem.APK) {
            c.setGroup(text(p.namespace()));
        }
        if (p.version() != null) {
            c.setVersion(text(p.version()));
        }
        String purl = p.purl();
        c.setPurl(purl);
        c.setBomRef(uniqueRef(refs, purl));
        if (p.license() != null) {
            License license = new License();
            license.setName(text(p.license()));
            LicenseChoice licenses = new LicenseChoice();
            licenses.addLicense(license);
            c.setLicenses(licenses);
        }
        if (p.sha512() != null) {
            c.setHashes(List.of(new Hash(Hash.Algorithm.SHA_512, p.sha512())));
        }
        List<Property> properties = new ArrayList<>();
        properties.add(new Property(PREFIX + "ecosystem", p.ecosystem().label()));
        properties.add(new Property(PREFIX + "metadata", text(p.location())));
        properties.add(new Property(PREFIX + "files", String.valueOf(w.files())));
        properties.add(new Property(PREFIX + "bytes", String.valueOf(w.bytes())));
        if (slim) {
            properties.add(new Property(PREFIX + "kept:files", String.valueOf(w.kept().size())));
            properties.add(new Property(PREFIX + "kept:bytes", String.valueOf(w.keptBytes())));
            properties.add(new Property(PREFIX + "kept:percent", percent(w)));
            Evidence evidence = new Evidence();
            w.kept().stream().limit(MAX_OCCURRENCES).forEach(path -> {
                Occurrence occurrence = new Occurrence();
                occurrence.setLocation(text(path));
                evidence.addOccurrence(occurrence);
            });
            if (w.kept().size() > MAX_OCCURRENCES) {
                properties.add(new Property(PREFIX + "kept:occurrences-listed", String.valueOf(MAX_OCCURRENCES)));
            }
            c.setEvidence(evidence);
        }
        c.setProperties(properties);
        bom.getComponents().add(c);
    }

    /**
     * Text for the SBOM. A name whose bytes are not all UTF-8 (see {@link ByteNames}) has those bytes,
     * and then its {@code %} too, percent-encoded ({@code /srv/caf%E9}): JSON text cannot hold them.
     */
    static String text(String name) {
        if (!ByteNames.hasEscapedBytes(name)) {
            return name;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '%' || c >= 0xdc80 && c <= 0xdcff) {
                out.append(String.format("%%%02X", c == '%' ? '%' : c - 0xdc00));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Kept share of the package's bytes (of its files when it has no bytes), one decimal. */
    private static String percent(SelectionInventory.Weighed w) {
        double share = w.bytes() > 0 ? (double) w.keptBytes() / w.bytes()
                : w.files() > 0 ? (double) w.kept().size() / w.files() : 0;
        return String.valueOf(Math.round(share * 1000) / 10.0);
    }

    /** Two packages may share a purl (a jar nested twice): refs must still be unique. */
    private static String uniqueRef(Set<String> taken, String purl) {
        String ref = purl;
        for (int n = 2; !taken.add(ref); n++) {
            ref = purl + "#" + n;
        }
        return ref;
    }

    private static byte[] validated(Bom bom) {
        byte[] json;
        try {
            json = BomGeneratorFactory.createJson(VERSION, bom).toJsonString(true).getBytes(StandardCharsets.UTF_8);
        } catch (GeneratorException e) {
            throw new InvalidSbomException("the CycloneDX library could not write the SBOM: " + e.getMessage(), e);
        }
        List<ParseException> problems;
        try {
            problems = new JsonParser().validate(json, VERSION);
        } catch (IOException e) {
            throw new InvalidSbomException("the SBOM could not be validated: " + e.getMessage(), e);
        }
        if (!problems.isEmpty()) {
            throw new InvalidSbomException("the SBOM does not pass CycloneDX " + VERSION.getVersionString()
                    + " schema validation: " + problems.stream().limit(3).map(Throwable::getMessage).toList(), null);
        }
        return json;
    }
}

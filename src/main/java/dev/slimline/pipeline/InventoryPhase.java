package dev.slimline.pipeline;

import dev.slimline.inventory.CycloneDxSboms;
import dev.slimline.inventory.ImageDiff;
import dev.slimline.inventory.Inventory;
import dev.slimline.inventory.InvalidSbomException;
import dev.slimline.inventory.InventorySummary;
import dev.slimline.inventory.SelectionInventory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.json.JsonMapper;

/**
 * After selection, before the build: the image's package inventory (read while the export was
 * indexed) weighed against the keep set, as the original's and the slim image's SBOMs, the diff
 * and a summary. It comes before the build so the slim image can carry its SBOM's SHA-256 as a
 * label. An SBOM the CycloneDX schema refuses is not published, and the job goes on without it:
 * the slim image is no worse for a missing SBOM.
 */
final class InventoryPhase {

    /** The slim image's label holding the SHA-256 of {@code sbom.cdx.json}. */
    static final String SBOM_LABEL = "slimline.sbom.sha256";
    static final String ORIGINAL_SBOM = "sbom-original.cdx.json";
    static final String SLIM_SBOM = "sbom.cdx.json";
    static final String DIFF = "diff.json";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * What the phase made.
     *
     * @param artifacts the SBOMs that passed validation and {@code diff.json}
     */
    record Inventoried(Map<String, byte[]> artifacts, InventorySummary summary) {

        Inventoried {
            artifacts = Map.copyOf(artifacts);
        }
    }

    Inventoried run(JobRun run, Inspection inspection, Selection selection) {
        Inventory inventory = selection.inventory();
        SelectionInventory weighed = SelectionInventory.weigh(inventory, selection.index(), selection.keepSet());
        Map<String, byte[]> artifacts = new LinkedHashMap<>();
        byte[] original = sbom(run, () -> CycloneDxSboms.original(weighed,
                new CycloneDxSboms.Subject(run.spec().image(), inspection.image().id())));
        byte[] slim = sbom(run, () -> CycloneDxSboms.slim(weighed,
                new CycloneDxSboms.Subject(BuildPhase.slimTag(run.spec()).toString(), null)));
        if (original != null) {
            artifacts.put(ORIGINAL_SBOM, original);
        }
        if (slim != null) {
            artifacts.put(SLIM_SBOM, slim);
        }
        ImageDiff diff = weighed.diff();
        artifacts.put(DIFF, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(diff));
        InventorySummary summary = weighed.summary(slim == null ? null : sha256(slim));
        run.log("Packages: " + summary.packages().before() + " in the original image, " + summary.packages().after()
                + " with files in the slim one " + summary.byEcosystem());
        if (!summary.complete()) {
            run.log("Warning: the package inventory is incomplete: " + String.join("; ", summary.incompleteReasons()));
        }
        return new Inventoried(artifacts, summary);
    }

    private static byte[] sbom(JobRun run, Supplier<byte[]> writer) {
        try {
            return writer.get();
        } catch (InvalidSbomException e) {
            run.log("Warning: " + e.getMessage() + "; it is not published");
            return null;
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}

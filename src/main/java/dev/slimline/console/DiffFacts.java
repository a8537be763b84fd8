package dev.slimline.console;

import dev.slimline.inventory.ImageDiff;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the job page charts from {@code diff.json}: each top-level directory's tally, and the bytes
 * of each ecosystem's packages in the original and the slim image. Read leniently (fields it does
 * not know are skipped, numbers it misses are 0), and the list of kept files, the bulk of the
 * file, is skipped unread.
 *
 * @param packageBytes per ecosystem ({@code dpkg}, {@code pypi}, ...), the bytes of the files
 *     counted with its packages
 */
record DiffFacts(List<ImageDiff.DirectoryTally> directories, Map<String, Bytes> packageBytes) {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();

    DiffFacts {
        directories = List.copyOf(directories);
        packageBytes = Map.copyOf(packageBytes);
    }

    record Bytes(long before, long after) {
    }

    /** The parts of {@code diff.json} read; the rest is skipped by the parser without being kept. */
    private record Charted(List<ImageDiff.DirectoryTally> byTopLevelDirectory, List<ImageDiff.PackageTally> byPackage) {
    }

    static DiffFacts read(InputStream in) throws IOException {
        Charted diff;
        try {
            diff = JSON.readValue(in, Charted.class);
        } catch (JacksonException e) {
            throw new IOException("diff.json is not the diff: " + e.getOriginalMessage(), e);
        }
        if (diff == null) {
            throw new IOException("diff.json is empty");
        }
        Map<String, long[]> sums = new TreeMap<>();
        for (ImageDiff.PackageTally p : orEmpty(diff.byPackage())) {
            long[] sum = sums.computeIfAbsent(String.valueOf(p.ecosystem()), e -> new long[2]);
            sum[0] += p.keptBytes() + p.removedBytes();
            sum[1] += p.keptBytes();
        }
        Map<String, Bytes> bytes = new TreeMap<>();
        sums.forEach((ecosystem, sum) -> bytes.put(ecosystem, new Bytes(sum[0], sum[1])));
        return new DiffFacts(orEmpty(diff.byTopLevelDirectory()).stream().filter(d -> d.directory() != null).toList(),
                bytes);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list.stream().filter(Objects::nonNull).toList();
    }
}

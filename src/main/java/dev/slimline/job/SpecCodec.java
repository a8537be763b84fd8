package dev.slimline.job;

import dev.slimline.pipeline.JudgingSummary;
import dev.slimline.pipeline.ObservationEndpoint;
import dev.slimline.pipeline.SlimSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores a {@link SlimSpec} as JSON. Registry credentials are dropped before anything is written:
 * they never reach the database in clear, but apart and encrypted ({@link CredentialVault}). Map
 * entries are sorted, so equal specifications give equal JSON and equal hashes on every instance.
 */
@Component
class SpecCodec {

    private final JsonMapper json = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    String write(SlimSpec spec) {
        return json.writeValueAsString(withoutCredentials(spec));
    }

    SlimSpec read(String stored) {
        return json.readValue(stored, SlimSpec.class);
    }

    /** Null stays null: a job verified with verification switched off has no judging. */
    String writeJudging(JudgingSummary judging) {
        return judging == null ? null : json.writeValueAsString(judging);
    }

    JudgingSummary readJudging(String stored) {
        return stored == null ? null : json.readValue(stored, JudgingSummary.class);
    }

    /** An empty list is stored as null: the job has no endpoints (any more). */
    String writeEndpoints(List<ObservationEndpoint> endpoints) {
        return endpoints.isEmpty() ? null : json.writeValueAsString(endpoints);
    }

    List<ObservationEndpoint> readEndpoints(String stored) {
        return stored == null ? List.of()
                : List.of(json.readValue(stored, ObservationEndpoint[].class));
    }

    static String hash(String storedSpec) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(storedSpec.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    static SlimSpec withoutCredentials(SlimSpec spec) {
        SlimSpec.Push push = spec.push() == null ? null : new SlimSpec.Push(spec.push().reference(), null);
        return new SlimSpec(spec.image(), spec.targetTag(), spec.pull(), null, spec.probes(), spec.overrides(),
                spec.includes(), spec.excludes(), spec.outputs(), spec.limits(), push, spec.sensor(),
                spec.services());
    }
}

package dev.slimline.job;

import dev.slimline.docker.RegistryCredentials;
import dev.slimline.pipeline.SlimSpec;

/** The registry credentials of one job, as they are encrypted together. */
record JobCredentials(RegistryCredentials pull, RegistryCredentials push) {

    /** The specification's credentials; null when it has none. */
    static JobCredentials of(SlimSpec spec) {
        RegistryCredentials push = spec.push() == null ? null : spec.push().credentials();
        return spec.pullCredentials() == null && push == null ? null : new JobCredentials(spec.pullCredentials(), push);
    }

    /** {@code spec} (as stored, without credentials) with these credentials put back. */
    SlimSpec applyTo(SlimSpec spec) {
        SlimSpec.Push target = spec.push() == null ? null : new SlimSpec.Push(spec.push().reference(), push);
        return new SlimSpec(spec.image(), spec.targetTag(), spec.pull(), pull, spec.probes(), spec.overrides(),
                spec.includes(), spec.excludes(), spec.outputs(), spec.limits(), target, spec.sensor(),
                spec.services());
    }
}

package dev.slimline.pipeline;

import dev.slimline.profile.AppArmorProfile;
import dev.slimline.profile.SeccompProfile;

/** The profiles a job made; either is null when the job asked for none. */
record Profiles(SeccompProfile seccomp, AppArmorProfile apparmor) {
}

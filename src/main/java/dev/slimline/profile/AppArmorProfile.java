package dev.slimline.profile;

import java.util.List;

/**
 * An AppArmor profile made from observed behaviour. Load it on an AppArmor host with
 * {@code apparmor_parser -r <file>}, then run containers with
 * {@code --security-opt apparmor=<name>}.
 *
 * @param name the profile's name, {@code slimline-<something>}
 * @param text the profile, in {@code apparmor.d} syntax
 * @param notes what was left out of it and why, one line each
 */
public record AppArmorProfile(String name, String text, List<String> notes) {

    public AppArmorProfile {
        notes = List.copyOf(notes);
    }
}

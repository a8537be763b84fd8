package dev.slimline.auth;

import java.security.Principal;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who sent a request: the name of the token (which owns the jobs it submits) and its roles.
 * {@link AuthFilter} puts it into every request it lets through, as the request attribute
 * {@link #ATTRIBUTE}.
 */
public record Caller(String name, Set<Role> roles) implements Principal {

    public static final String ATTRIBUTE = "dev.slimline.auth.Caller";

    /** The owner of jobs submitted while auth is off, and of jobs from before tokens existed. */
    public static final String ANONYMOUS = "anonymous";

    /** Every request while auth is off: the service then listens on loopback only. */
    static final Caller UNAUTHENTICATED = new Caller(ANONYMOUS, Set.of(Role.ADMIN));

    public Caller {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    @Override
    public String getName() {
        return name;
    }

    /** ADMIN may do everything; SUBMIT includes READ. */
    public boolean has(Role role) {
        return roles.contains(Role.ADMIN) || roles.contains(role) || role == Role.READ && roles.contains(Role.SUBMIT);
    }

    /** @throws InsufficientRoleException when the caller lacks {@code role} */
    public void require(Role role) {
        if (!has(role)) {
            throw new InsufficientRoleException(this, role);
        }
    }

    /** The owner whose jobs this caller may see: null (all of them) for an admin, its own name otherwise. */
    public String jobScope() {
        return has(Role.ADMIN) ? null : name;
    }

    String describeRoles() {
        return roles.stream().sorted().map(Role::name).collect(Collectors.joining(", "));
    }
}

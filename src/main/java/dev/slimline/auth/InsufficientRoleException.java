package dev.slimline.auth;

/** The caller's token is valid but lacks the role a request needs; answered with 403. */
public class InsufficientRoleException extends RuntimeException {

    InsufficientRoleException(Caller caller, Role needed) {
        super("this needs a token with the role " + needed + "; the token of '" + caller.name() + "' has "
                + (caller.roles().isEmpty() ? "no role" : caller.describeRoles()));
    }
}

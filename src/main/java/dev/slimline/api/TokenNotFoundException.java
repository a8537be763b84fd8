package dev.slimline.api;

/** No token with this id. */
class TokenNotFoundException extends RuntimeException {

    TokenNotFoundException(String id) {
        super("no token " + id);
    }
}

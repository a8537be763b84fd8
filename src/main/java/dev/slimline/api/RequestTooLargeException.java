package dev.slimline.api;

import java.io.IOException;

/** The request body passed {@code slimline.api.max-request-size}; answered with 413. */
class RequestTooLargeException extends IOException {

    RequestTooLargeException(long limit) {
        super("the request body is larger than " + limit + " bytes");
    }
}

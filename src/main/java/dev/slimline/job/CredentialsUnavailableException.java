package dev.slimline.job;

/** A stored job's registry credentials cannot be decrypted, usually because the key changed since it was submitted. */
class CredentialsUnavailableException extends RuntimeException {

    CredentialsUnavailableException(String reason) {
        super(reason);
    }
}

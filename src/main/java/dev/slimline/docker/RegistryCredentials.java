package dev.slimline.docker;

/**
 * Credentials for one registry. {@link #toString()} never shows the password.
 *
 * @param serverAddress registry host, such as {@code 127.0.0.1:5000}
 */
public record RegistryCredentials(String serverAddress, String username, String password) {

    @Override
    public String toString() {
        return "RegistryCredentials[serverAddress=" + serverAddress + ", username=" + username + ", password=***]";
    }
}

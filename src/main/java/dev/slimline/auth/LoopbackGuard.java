package dev.slimline.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Without tokens anyone who reaches the port controls Docker daemons, so the service refuses to
 * start with {@code slimline.auth.enabled=false} unless it listens on loopback alone
 * ({@code server.address}, and {@code management.server.address} when the actuator has a port
 * of its own). Checked while the context is created, before the port is opened.
 */
@Component
class LoopbackGuard {

    static final String HOW_TO_ENABLE = "set slimline.auth.enabled=true (env SLIMLINE_AUTH_ENABLED=true) and give an"
            + " admin token in slimline.auth.bootstrap-token (env SLIMLINE_AUTH_BOOTSTRAP_TOKEN), see README"
            + " \"Authentication\"";

    LoopbackGuard(AuthProperties properties, Environment environment) {
        problem(properties.enabled(), environment.getProperty("server.address"),
                environment.getProperty("server.port"), environment.getProperty("management.server.port"),
                environment.getProperty("management.server.address"))
                .ifPresent(problem -> {
                    throw new IllegalStateException(problem);
                });
    }

    /** Why this configuration must not start, if it must not. */
    static Optional<String> problem(boolean authEnabled, String serverAddress, String serverPort,
            String managementPort, String managementAddress) {
        if (authEnabled) {
            return Optional.empty();
        }
        if (!isLoopback(serverAddress)) {
            return Optional.of("slimline.auth.enabled=false is allowed only while the service listens on loopback,"
                    + " but server.address is " + (blank(serverAddress) ? "not set (every interface)" : serverAddress)
                    + ": set server.address=127.0.0.1, or " + HOW_TO_ENABLE);
        }
        boolean ownManagementPort = !blank(managementPort) && !managementPort.strip().equals("-1")
                && !managementPort.strip().equals(blank(serverPort) ? "8080" : serverPort.strip());
        if (ownManagementPort && !isLoopback(managementAddress)) {
            return Optional.of("slimline.auth.enabled=false is allowed only while the service listens on loopback,"
                    + " but the actuator's own port " + managementPort.strip() + " listens on "
                    + (blank(managementAddress) ? "every interface" : managementAddress)
                    + ": set management.server.address=127.0.0.1, or " + HOW_TO_ENABLE);
        }
        return Optional.empty();
    }

    private static boolean isLoopback(String address) {
        if (blank(address)) {
            return false;
        }
        try {
            for (InetAddress resolved : InetAddress.getAllByName(address.strip())) {
                if (!resolved.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}

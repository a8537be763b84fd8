package dev.slimline.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which URLs a webhook may call: http or https, with a host; and, unless
 * {@code slimline.webhooks.allow-private} is on, none whose address is loopback, link-local (the
 * cloud metadata service, 169.254.169.254, among them), private, unique-local, multicast or the
 * wildcard, so that a job cannot make the service call into its own network. Checked at submit
 * and again before each delivery, as a name may resolve elsewhere by then.
 */
final class WebhookTargets {

    private WebhookTargets() {
    }

    /** What is wrong with {@code url} as a webhook target, or empty when it may be called. */
    static Optional<String> problem(String url, boolean allowPrivate) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("must be a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not hold a user name or password; sign deliveries with notify.secret instead");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("must not have a fragment");
        }
        if (allowPrivate) {
            return Optional.empty();
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            // a name that does not resolve now is checked again before each delivery
            return Optional.empty();
        }
        for (InetAddress address : addresses) {
            if (isInternal(address)) {
                return Optional.of("must not name a loopback, link-local or private address (" + uri.getHost()
                        + " is " + address.getHostAddress() + ")");
            }
        }
        return Optional.empty();
    }

    static boolean isInternal(InetAddress address) {
        byte[] bytes = address.getAddress();
        boolean uniqueLocal = bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc;
        boolean sharedAddressSpace = bytes.length == 4 && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
        return address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress() || uniqueLocal || sharedAddressSpace;
    }
}

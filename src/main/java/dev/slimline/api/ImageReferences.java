package dev.slimline.api;

import java.util.regex.Pattern;

/**
 * The Docker image reference grammar (as the distribution project defines it):
 * {@code [domain[:port]/]path[:tag][@digest]}, with lower-case path components joined by
 * {@code .}, {@code _}, {@code __} or dashes, at most 255 characters of name. Anything else —
 * upper case in the path, spaces, shell metacharacters — is not an image reference.
 */
final class ImageReferences {

    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String DOMAIN_NAME = DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*";
    private static final String IPV6 = "\\[[a-fA-F0-9:]+\\]";
    private static final String DOMAIN = "(?:" + DOMAIN_NAME + "|" + IPV6 + ")(?::[0-9]+)?";
    private static final String ALPHANUMERIC = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[_.]|__|-+)";
    private static final String PATH_COMPONENT = ALPHANUMERIC + "(?:" + SEPARATOR + ALPHANUMERIC + ")*";
    private static final String NAME = "(?:" + DOMAIN + "/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";

    private static final Pattern REFERENCE = Pattern.compile("(" + NAME + ")(?::" + TAG + ")?(?:@" + DIGEST + ")?");
    private static final Pattern TAGGED_NAME = Pattern.compile("(" + NAME + ")(?::" + TAG + ")?");
    private static final int MAX_NAME = 255;
    private static final int MAX_REFERENCE = 512;

    private ImageReferences() {
    }

    /** A reference to pull or run: name, optional tag, optional digest. */
    static boolean isReference(String value) {
        return matches(REFERENCE, value);
    }

    /** A name to tag or push to: name and optional tag, no digest. */
    static boolean isTaggedName(String value) {
        return matches(TAGGED_NAME, value);
    }

    private static boolean matches(Pattern pattern, String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_REFERENCE) {
            return false;
        }
        var matcher = pattern.matcher(value);
        return matcher.matches() && matcher.group(1).length() <= MAX_NAME;
    }
}

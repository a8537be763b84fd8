package dev.slimline.pipeline;

/**
 * An image name split into repository and tag: {@code registry:5000/team/app:1.2} is
 * {@code registry:5000/team/app} and {@code 1.2}; without a tag, {@code latest}. A digest
 * ({@code @sha256:...}) is dropped: a name we tag or push to cannot keep it.
 */
record TaggedName(String repository, String tag) {

    static TaggedName parse(String reference) {
        String name = reference;
        int at = name.indexOf('@');
        boolean digest = at >= 0;
        if (digest) {
            name = name.substring(0, at);
        }
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            return new TaggedName(name.substring(0, colon), digest ? "latest" : name.substring(colon + 1));
        }
        return new TaggedName(name, "latest");
    }

    @Override
    public String toString() {
        return repository + ":" + tag;
    }
}

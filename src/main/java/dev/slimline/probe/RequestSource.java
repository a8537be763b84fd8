package dev.slimline.probe;

import java.util.List;

/**
 * A source of HTTP requests (operations of an OpenAPI document, pages found by crawling). Unlike a
 * {@link ProbeSource} it does not judge answers: its requests go through the {@link HttpProber}
 * beside the job's own, are replayed in verification and compared with the original's answers as
 * every HTTP probe is.
 */
public interface RequestSource {

    /** The source's name as the job's counts show it. */
    String name();

    /**
     * The requests to send, found against the running application.
     *
     * @throws ProbeException when the source cannot give its requests (a document that cannot be
     *     fetched or parsed)
     */
    List<HttpProbe> requests(ProbeEnvironment environment);
}

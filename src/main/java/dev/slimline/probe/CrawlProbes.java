package dev.slimline.probe;

/**
 * Probes found by crawling the application's HTML.
 *
 * @param port the container port the site is on; null means the first published one
 * @param startPath where crawling starts
 * @param maxPages how many pages and resources at most are fetched
 * @param maxDepth how many links away from the start page a page may be
 */
public record CrawlProbes(Integer port, String startPath, int maxPages, int maxDepth) {

    public static final int DEFAULT_MAX_PAGES = 100;
    public static final int DEFAULT_MAX_DEPTH = 3;

    public CrawlProbes {
        startPath = startPath == null ? "/" : startPath;
    }
}

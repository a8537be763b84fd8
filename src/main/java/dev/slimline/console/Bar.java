package dev.slimline.console;

/**
 * One bar of a chart drawn by the page's CSS.
 *
 * @param value what it measures (a count or bytes), for the page's data attributes
 * @param label the value as the page shows it
 * @param percent its length relative to the chart's scale (a positive value is never shorter than 0.5)
 */
record Bar(long value, String label, double percent) {

    static Bar count(long value, long scale) {
        return new Bar(value, Long.toString(value), percent(value, scale));
    }

    static Bar bytes(long value, long scale) {
        return new Bar(value, Formats.bytes(value), percent(value, scale));
    }

    private static double percent(long value, long scale) {
        if (value <= 0 || scale <= 0) {
            return 0;
        }
        return Math.max(0.5, Math.min(100, 100.0 * value / scale));
    }
}

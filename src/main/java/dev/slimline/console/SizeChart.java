package dev.slimline.console;

import java.util.Locale;

/**
 * The original and the slim image's sizes as two bars.
 *
 * @param slimPercent the slim bar's length relative to the original's (100)
 */
record SizeChart(String original, String slim, double slimPercent, String reduction) {

    static SizeChart of(long originalBytes, long slimBytes) {
        double percent = originalBytes <= 0 ? 100 : Math.min(100, 100.0 * slimBytes / originalBytes);
        String reduction = originalBytes <= 0 ? ""
                : String.format(Locale.ROOT, "%.1f %% smaller", 100.0 * (originalBytes - slimBytes) / originalBytes);
        return new SizeChart(Formats.bytes(originalBytes), Formats.bytes(slimBytes),
                Math.max(0.5, percent), reduction);
    }

    /** The slim bar's width in the chart's 400-unit drawing area (public: the template calls it). */
    public double slimWidth() {
        return 4 * slimPercent;
    }
}

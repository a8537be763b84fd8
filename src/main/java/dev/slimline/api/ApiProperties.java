package dev.slimline.api;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The HTTP API's limits ({@code slimline.api.*}).
 *
 * @param maxRequestSize larger request bodies are refused with 413
 * @param defaultPageSize jobs per page when the request names no size
 * @param maxPageSize the largest page a request may ask for
 * @param logPollInterval how often a followed log checks for new lines
 * @param streamTimeout how long a followed log or an {@code image.tar} download may last
 * @param cancelWait how long a cancel request waits for a running job to end before answering 202
 */
@ConfigurationProperties("slimline.api")
record ApiProperties(
        @DefaultValue("1MB") DataSize maxRequestSize,
        @DefaultValue("20") int defaultPageSize,
        @DefaultValue("100") int maxPageSize,
        @DefaultValue("250ms") Duration logPollInterval,
        @DefaultValue("2h") Duration streamTimeout,
        @DefaultValue("5s") Duration cancelWait) {
}

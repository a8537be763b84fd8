package dev.slimline.job;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How this instance runs jobs ({@code slimline.executor.*}).
 *
 * @param concurrency jobs this instance runs at once; 0 makes an API-only instance
 * @param instanceId names this instance in job claims; defaults to the host name and a random
 *     suffix. Give each replica a stable one so that after a restart it settles its own
 *     interrupted jobs at once instead of waiting for {@code claimTimeout}
 * @param pollInterval how often the database queue is checked for work and cancel requests
 * @param heartbeatInterval how often a running job's claim is renewed
 * @param claimTimeout a claim whose heartbeat is older than this belongs to a dead instance
 * @param reapInterval how often expired claims and orphaned containers are looked for
 * @param maxAttempts runs a job gets in all: a job interrupted by a dead instance is queued
 *     again while it has had fewer, and fails after that
 * @param logFlushInterval how often buffered log lines and progress are written
 * @param maxLogLines lines kept per job; later ones are dropped with one notice
 */
@ConfigurationProperties("slimline.executor")
public record ExecutorProperties(
        @DefaultValue("2") int concurrency,
        String instanceId,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("5s") Duration heartbeatInterval,
        @DefaultValue("60s") Duration claimTimeout,
        @DefaultValue("30s") Duration reapInterval,
        @DefaultValue("2") int maxAttempts,
        @DefaultValue("250ms") Duration logFlushInterval,
        @DefaultValue("10000") int maxLogLines) {

    public ExecutorProperties {
        if (concurrency < 0) {
            throw new IllegalArgumentException("slimline.executor.concurrency must be 0 or more");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("slimline.executor.max-attempts must be 1 or more");
        }
        if (claimTimeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException(
                    "slimline.executor.claim-timeout must be at least twice the heartbeat-interval");
        }
        if (maxLogLines < 10) {
            throw new IllegalArgumentException("slimline.executor.max-log-lines must be 10 or more");
        }
        if (instanceId == null || instanceId.isBlank()) {
            instanceId = hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
        }
        if (instanceId.length() > 128) {
            throw new IllegalArgumentException("slimline.executor.instance-id must be at most 128 characters");
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "slimline";
        }
    }
}

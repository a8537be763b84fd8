package dev.slimline;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class SlimlineApplication {

    /**
     * Lets the probes send {@code Connection: close}, which the JDK's HTTP client refuses by
     * default. An idle connection the client keeps open holds up a probed application's graceful
     * stop (Node's server.close() waits for it, up to its own timeout), so a job's stop phase took
     * a second or more for an application that ends at once on SIGTERM. The JDK reads this once,
     * before its first request; a value given on the command line wins.
     */
    static final String RESTRICTED_HEADERS_PROPERTY = "jdk.httpclient.allowRestrictedHeaders";

    public static void main(String[] args) {
        if (System.getProperty(RESTRICTED_HEADERS_PROPERTY) == null) {
            System.setProperty(RESTRICTED_HEADERS_PROPERTY, "connection");
        }
        SpringApplication.run(SlimlineApplication.class, args);
    }
}

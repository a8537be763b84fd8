package dev.slimline.job;

import dev.slimline.SlimlineApplication;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** One running service with a {@link FakeSlimmer}, on a random port, as a separate "instance". */
public final class ServiceInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private ServiceInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts a service with quick executor timings and {@code properties} on top. */
    public static ServiceInstance start(Map<String, Object> properties) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("server.port", "0");
        all.put("slimline.executor.poll-interval", "100ms");
        all.put("slimline.executor.heartbeat-interval", "200ms");
        all.put("slimline.executor.claim-timeout", "2s");
        all.put("slimline.executor.reap-interval", "500ms");
        all.put("slimline.executor.log-flush-interval", "50ms");
        all.put("spring.main.banner-mode", "off");
        all.putAll(properties);
        // as arguments, so they win over application.properties
        String[] args = all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new ServiceInstance(new SpringApplicationBuilder(SlimlineApplication.class,
                FakeSlimmerConfiguration.class).run(args));
    }

    public int port() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    public FakeSlimmer slimmer() {
        return context.getBean(FakeSlimmer.class);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}

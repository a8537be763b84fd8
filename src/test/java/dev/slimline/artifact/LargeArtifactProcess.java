package dev.slimline.artifact;

import dev.slimline.SlimlineApplication;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service in a process of its own for {@link LargeArtifactIT}, started with a small heap: it
 * prints {@code @@ready <port>}, then for each line {@code write <job> <name> <bytes>} on its
 * standard input stores that many bytes of {@link PatternStream} through {@link ArtifactStore}
 * and prints {@code @@written <digest> <size>}.
 */
public final class LargeArtifactProcess {

    static final String MARK = "@@";

    private LargeArtifactProcess() {
    }

    public static void main(String[] args) throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SlimlineApplication.class)
                .run(args)) {
            ArtifactStore store = context.getBean(ArtifactStore.class);
            System.out.println(MARK + "ready " + context.getEnvironment().getProperty("local.server.port"));
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = commands.readLine()) != null) {
                String[] parts = line.split(" ");
                StoredArtifact stored = store.write(parts[1], parts[2], new PatternStream(Long.parseLong(parts[3])));
                System.out.println(MARK + "written " + stored.digest() + " " + stored.sizeBytes());
            }
        }
    }
}

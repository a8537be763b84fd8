package dev.slimline;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class SlimlineApplication {

    public static void main(String[] args) {
        SpringApplication.run(SlimlineApplication.class, args);
    }
}

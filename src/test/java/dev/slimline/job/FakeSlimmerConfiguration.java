package dev.slimline.job;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Puts a {@link FakeSlimmer} in place of the real pipeline. */
@TestConfiguration(proxyBeanMethods = false)
public class FakeSlimmerConfiguration {

    @Bean
    @Primary
    FakeSlimmer fakeSlimmer() {
        return new FakeSlimmer();
    }
}

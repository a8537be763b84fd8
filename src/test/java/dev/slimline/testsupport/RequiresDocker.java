package dev.slimline.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class or method that needs the local Docker engine. Without one, the tests fail
 * when {@code CI=true} and are aborted otherwise (see {@link DockerTestSupport#api()}). Test
 * methods, constructors and lifecycle methods may declare a {@link dev.slimline.docker.DockerApi}
 * parameter to get the shared connection.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(DockerExtension.class)
public @interface RequiresDocker {
}

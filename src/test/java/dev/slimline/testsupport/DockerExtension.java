package dev.slimline.testsupport;

import dev.slimline.docker.DockerApi;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** What {@link RequiresDocker} does: check for the engine before tests run and hand out {@link DockerApi}. */
public final class DockerExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) {
        DockerTestSupport.api();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        DockerTestSupport.api();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == DockerApi.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return DockerTestSupport.api();
    }
}

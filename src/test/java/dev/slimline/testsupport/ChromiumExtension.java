package dev.slimline.testsupport;

import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * What {@link RequiresChromium} does: start one browser before the class's tests, hand it out, and
 * quit it when the class is done (JUnit closes the class's store then).
 */
public final class ChromiumExtension implements BeforeAllCallback, ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(ChromiumExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        Path downloads = Path.of("target", "test-data", "downloads-" + context.getRequiredTestClass().getSimpleName()
                + "-" + UUID.randomUUID()).toAbsolutePath();
        context.getStore(NAMESPACE).put(Session.class, new Session(Chromium.start(downloads), downloads));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == ChromeDriver.class || type == Path.class && parameter.isAnnotated(ChromiumDownloads.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Session session = context.getStore(NAMESPACE).get(Session.class, Session.class);
        return parameter.getParameter().getType() == ChromeDriver.class ? session.browser() : session.downloads();
    }

    /** The class's browser; the store quits it when it closes. */
    private record Session(ChromeDriver browser, Path downloads) implements AutoCloseable {

        @Override
        public void close() {
            browser.quit();
        }
    }
}

package dev.slimline.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that drives Debian's headless Chromium. One browser serves all the class's
 * tests and is quit after them; without {@code chromium} and {@code chromium-driver} the tests fail
 * when {@code CI=true} and are aborted otherwise (see {@link Chromium}). Test constructors and
 * methods may declare a {@link org.openqa.selenium.chrome.ChromeDriver} parameter to get the
 * browser, and a {@link ChromiumDownloads} {@link java.nio.file.Path} for where it saves downloads.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ChromiumExtension.class)
public @interface RequiresChromium {
}

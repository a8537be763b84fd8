package dev.slimline.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.api.ApiClient;
import dev.slimline.job.FakeSlimmerConfiguration;
import dev.slimline.testsupport.Chromium;
import dev.slimline.testsupport.ChromiumDownloads;
import dev.slimline.testsupport.RequiresChromium;
import dev.slimline.testsupport.RequiresDocker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console with tokens on, in headless Chromium, over a service whose pipeline is a fake: the
 * page asks for a token before it shows anything, keeps it for the tab, shows a READ token no
 * submit form, asks again when a token is refused, and with a token that may submit runs a job
 * from the form and downloads an artifact with the token as a header.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "slimline.auth.enabled=true",
        "slimline.auth.bootstrap-token=" + ConsoleTokensBrowserIT.ADMIN,
        "slimline.executor.poll-interval=100ms",
        "slimline.executor.log-flush-interval=50ms",
        "slimline.api.log-poll-interval=50ms"})
@Import(FakeSlimmerConfiguration.class)
@RequiresDocker
@RequiresChromium
class ConsoleTokensBrowserIT {

    static final String ADMIN = "console-test-admin-token-0123456789abcdef";
    private static final Path DATA = Path.of("target", "test-data", "console-tokens-" + UUID.randomUUID())
            .toAbsolutePath();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("slimline.data-dir", DATA::toString);
    }

    @LocalServerPort
    int port;

    private final ChromeDriver browser;
    private final WebDriverWait wait;
    private String jobId;

    ConsoleTokensBrowserIT(ChromeDriver browser) {
        this.browser = browser;
        this.wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterEach
    void deleteJob() {
        if (jobId != null) {
            new ApiClient(port, ADMIN).delete("/api/v1/jobs/" + jobId);
        }
    }

    @Test
    void asksForATokenShowsAReadTokenNoFormAndSubmitsWithOneThatMay(@ChromiumDownloads Path downloads)
            throws Exception {
        String reader = new ApiClient(port, ADMIN).post("/api/v1/tokens",
                "{\"name\":\"viewer\",\"roles\":[\"READ\"]}").json().path("token").asString();
        // the page itself needs no token; what it shows does
        assertThat(status("/")).isEqualTo(200);
        assertThat(status("/console/fragments/jobs")).isEqualTo(401);

        browser.get(url("/"));
        WebElement prompt = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-prompt")));
        assertThat(browser.findElements(By.id("jobs-list"))).as("jobs shown before a token was given").isEmpty();
        Chromium.screenshot(browser, Path.of("target", "console-screenshots", "token-prompt.png"));
        prompt.findElement(By.id("token-input")).sendKeys(reader);
        prompt.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBe(By.id("caller-name"), "viewer"));
        assertThat(browser.findElement(By.id("caller-roles")).getText()).isEqualTo("(READ)");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("no-jobs")));
        assertThat(browser.findElements(By.id("nav-submit"))).isEmpty();
        assertThat(browser.findElement(By.id("token-prompt")).isDisplayed()).isFalse();

        // another page of the same tab: no second prompt, and no form for a READ token
        browser.get(url("/submit"));
        WebElement refusal = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("no-submit")));
        assertThat(refusal.getText()).contains("viewer", "SUBMIT");
        assertThat(browser.findElements(By.id("submit-form"))).isEmpty();
        assertThat(browser.findElement(By.id("token-prompt")).isDisplayed()).isFalse();

        // a token the service refuses: asked again, saying why
        browser.findElement(By.cssSelector("[data-action=forget-token]")).click();
        prompt = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-prompt")));
        prompt.findElement(By.id("token-input")).sendKeys("slt_not-a-token-this-service-made");
        prompt.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBe(By.id("token-problem"), "The token was refused."));
        assertThat(browser.findElement(By.id("token-prompt")).isDisplayed()).isTrue();

        browser.findElement(By.id("token-input")).sendKeys(ADMIN);
        browser.findElement(By.cssSelector("#token-form button[type=submit]")).click();
        WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("submit-form")));
        form.findElement(By.name("image")).sendKeys("fake/app:1");
        form.findElement(By.cssSelector(".probe-row [data-part=port]")).sendKeys("8080");
        form.findElement(By.id("submit-job")).click();
        wait.until(ExpectedConditions.urlMatches("/jobs/[0-9a-f-]{36}$"));
        jobId = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
        wait.until(ExpectedConditions.textToBe(By.id("job-status"), "SUCCEEDED"));
        wait.until(ExpectedConditions.textToBe(By.id("log-state"), "(complete)"));
        assertThat(browser.findElement(By.id("log")).getText()).contains("nothing to do for fake/app:1");

        // a download with tokens on goes through the script, with the token as a header
        browser.findElement(By.cssSelector("a[data-artifact='seccomp.json']")).click();
        Path seccomp = downloads.resolve("seccomp.json");
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> Files.isRegularFile(seccomp));
        assertThat(Files.readString(seccomp)).isEqualTo("{\"defaultAction\":\"SCMP_ACT_ERRNO\"}");
    }

    private int status(String path) throws Exception {
        HttpResponse<Void> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.discarding());
        return response.statusCode();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}

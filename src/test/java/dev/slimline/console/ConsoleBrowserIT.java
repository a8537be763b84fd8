package dev.slimline.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.api.ApiClient;
import dev.slimline.testsupport.Chromium;
import dev.slimline.testsupport.ChromiumDownloads;
import dev.slimline.testsupport.RequiresChromium;
import dev.slimline.testsupport.RequiresDocker;
import dev.slimline.testsupport.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console in a real browser (Debian's headless Chromium) against the whole service with the
 * real pipeline, tokens off: a refused submit shows the field's problem next to it (a probe's port,
 * a webhook to the cloud metadata service); the tiny test
 * app submitted from the form reaches SUCCEEDED on its job page with the phases, the log and the
 * size chart, the sentence that it has no packages and the chart of the directories it lost;
 * seccomp.json downloads; the list shows the job; the API docs render the operations. The Python
 * app's job page charts its Debian and Python packages before and after. Screenshots of the list,
 * both job pages and the refused submit go to {@code target/console-screenshots/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RequiresDocker
@RequiresChromium
class ConsoleBrowserIT {

    private static final Path DATA = Path.of("target", "test-data", "console-" + UUID.randomUUID()).toAbsolutePath();
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final Duration JOB_DEADLINE = Duration.ofMinutes(5);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("slimline.data-dir", DATA::toString);
    }

    @LocalServerPort
    int port;

    private final ChromeDriver browser;
    private final WebDriverWait wait;
    private String jobId;

    ConsoleBrowserIT(ChromeDriver browser) {
        this.browser = browser;
        this.wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterEach
    void deleteJob() {
        if (jobId != null) {
            new ApiClient(port).delete("/api/v1/jobs/" + jobId + "?deleteImage=true");
        }
    }

    @Test
    void submitsTheTinyAppFromTheFormAndFollowsItToSuccess(@ChromiumDownloads Path downloads) throws Exception {
        browser.get(url("/"));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("nav-submit"))).click();
        wait.until(ExpectedConditions.urlToBe(url("/submit")));
        WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("submit-form")));

        // refused: the port is out of range, and the API's problem names the probe's port
        form.findElement(By.name("image")).sendKeys(TestImages.tinyApp());
        new Select(form.findElement(By.name("pull"))).selectByVisibleText("NEVER");
        WebElement portField = form.findElement(By.cssSelector(".probe-row [data-part=port]"));
        portField.sendKeys("70000");
        form.findElement(By.id("submit-job")).click();
        WebElement problem = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".field-error[data-error-for='httpProbes[0].port']")));
        assertThat(problem.getText()).contains("65535");
        assertThat(portField.getAttribute("aria-invalid")).isEqualTo("true");
        // the message sits in the port's own cell, next to the field
        assertThat(portField.findElement(By.xpath("..")).getText()).contains(problem.getText());
        assertThat(browser.getCurrentUrl()).isEqualTo(url("/submit"));
        Chromium.screenshot(browser, SCREENSHOTS.resolve("submit-refused.png"));

        // refused: a webhook to the cloud metadata service, named next to its field
        portField.clear();
        portField.sendKeys("8080");
        WebElement hook = form.findElement(By.id("f-notify-url"));
        hook.sendKeys("http://169.254.169.254/");
        form.findElement(By.id("f-notify-secret")).sendKeys("a-signing-secret-for-the-test");
        form.findElement(By.id("submit-job")).click();
        WebElement hookProblem = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".field-error[data-error-for='notify.url']")));
        assertThat(hookProblem.getText()).contains("link-local", "169.254.169.254");
        assertThat(browser.findElements(By.cssSelector(".field-error[data-error-for='httpProbes[0].port']")))
                .as("the port's earlier problem is gone").isEmpty();

        hook.clear();
        form.findElement(By.cssSelector(".probe-row [data-part=expectStatus]")).sendKeys("200");
        form.findElement(By.id("submit-job")).click();
        wait.until(ExpectedConditions.urlMatches("/jobs/[0-9a-f-]{36}$"));
        jobId = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);

        new WebDriverWait(browser, JOB_DEADLINE).until(driver -> {
            String status = driver.findElements(By.id("job-status")).stream().map(WebElement::getText)
                    .findFirst().orElse("");
            return status.equals("SUCCEEDED") || status.equals("FAILED") || status.equals("CANCELED");
        });
        assertThat(browser.findElement(By.id("job-status")).getText())
                .as(browser.findElement(By.id("job-detail")).getText()).isEqualTo("SUCCEEDED");

        // every phase done, those the report measured with their duration
        List<WebElement> phases = browser.findElements(By.cssSelector("#phases li"));
        assertThat(phases).extracting(e -> e.getAttribute("data-phase")).containsExactly("inspect", "instrument",
                "probe", "stop", "collect", "select", "build", "profiles", "verify", "publish");
        assertThat(phases).allSatisfy(e -> assertThat(e.getAttribute("data-state")).isEqualTo("done"));
        assertThat(phases.get(2).findElement(By.className("phase-time")).getText()).matches("[0-9.]+ (ms|s)");

        // the log, followed to its end
        wait.until(ExpectedConditions.textToBe(By.id("log-state"), "(complete)"));
        String log = browser.findElement(By.id("log")).getText();
        assertThat(log).contains("== PUBLISH (95%)").contains("Succeeded: ");

        // the size chart: the slim bar is shorter than the original's
        WebElement original = browser.findElement(By.cssSelector("#size-chart .bar-original"));
        WebElement slim = browser.findElement(By.cssSelector("#size-chart .bar-slim"));
        assertThat(Double.parseDouble(slim.getAttribute("width")))
                .isPositive().isLessThan(Double.parseDouble(original.getAttribute("width")));
        assertThat(browser.findElement(By.id("size-chart")).getText()).contains("MiB");
        assertThat(browser.findElements(By.cssSelector("#probes tbody tr"))).isNotEmpty();

        // the inventory: the tiny app has no package database, and its unread padding under /usr went
        ApiClient api = new ApiClient(port);
        assertThat(api.get("/api/v1/jobs/" + jobId).json().at("/result/inventory/packages/before").asInt()).isZero();
        assertThat(browser.findElement(By.id("packages-note")).getText()).startsWith("No packages: ");
        assertThat(browser.findElements(By.id("packages-chart"))).isEmpty();
        JsonNode diff = JSON.readTree(api.get("/api/v1/jobs/" + jobId + "/artifacts/diff.json").body());
        List<WebElement> removed = assertRemovedDirectoriesAreTheDiffs(diff);
        assertThat(removed.get(0).getText()).startsWith("/usr").containsPattern("[0-9.]+ MiB");

        browser.findElement(By.cssSelector("a[data-artifact='seccomp.json']")).click();
        Path seccomp = downloads.resolve("seccomp.json");
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> Files.isRegularFile(seccomp));
        JsonNode profile = JSON.readTree(Files.readString(seccomp));
        assertThat(profile.path("defaultAction").asString()).isEqualTo("SCMP_ACT_ERRNO");
        assertThat(profile.path("syscalls").size()).isPositive();

        // the whole page, the charts and the log at its foot included
        Chromium.screenshotWholePage(browser, SCREENSHOTS.resolve("job.png"));

        browser.get(url("/"));
        WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("tr.job-row[data-job='" + jobId + "']")));
        assertThat(row.getText()).contains("SUCCEEDED", TestImages.tinyApp(), "anonymous", "MiB");
        Chromium.screenshot(browser, SCREENSHOTS.resolve("jobs.png"));

        // the filters: another status hides it, its own shows it again
        new Select(browser.findElement(By.id("filter-status"))).selectByVisibleText("FAILED");
        wait.until(ExpectedConditions.invisibilityOfElementLocated(
                By.cssSelector("tr.job-row[data-job='" + jobId + "']")));
        new Select(browser.findElement(By.id("filter-status"))).selectByVisibleText("SUCCEEDED");
        wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("tr.job-row[data-job='" + jobId + "']")));
    }

    /**
     * The Python app's image has Debian's and Python's packages: its job page charts them as the
     * job's result counts them, with their bytes as diff.json weighs them.
     */
    @Test
    void chartsThePackagesOfThePythonAppBeforeAndAfterAndTheDirectoriesItLost() {
        ApiClient api = new ApiClient(port);
        ApiClient.Response accepted = api.post("/api/v1/jobs",
                "{\"image\":\"" + TestImages.pythonApp() + "\",\"pull\":\"NEVER\"}");
        assertThat(accepted.status()).isEqualTo(202);
        jobId = accepted.json().path("id").asString();
        JsonNode job = api.awaitStatus(jobId, JOB_DEADLINE, "SUCCEEDED", "FAILED", "CANCELED");
        assertThat(job.path("status").asString()).as(api.get("/api/v1/jobs/" + jobId + "/logs").body())
                .isEqualTo("SUCCEEDED");
        JsonNode inventory = job.at("/result/inventory");
        JsonNode diff = JSON.readTree(api.get("/api/v1/jobs/" + jobId + "/artifacts/diff.json").body());

        browser.get(url("/jobs/" + jobId));
        WebElement chart = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("packages-chart")));
        List<WebElement> rows = chart.findElements(By.cssSelector("tbody tr"));
        List<String> ecosystems = new ArrayList<>();
        inventory.path("byEcosystem").propertyNames().forEach(ecosystems::add);
        assertThat(ecosystems).contains("dpkg", "pypi");
        assertThat(rows).extracting(r -> r.getAttribute("data-ecosystem"))
                .containsExactlyInAnyOrderElementsOf(concat(ecosystems, "all"));
        for (WebElement row : rows) {
            String ecosystem = row.getAttribute("data-ecosystem");
            JsonNode counts = ecosystem.equals("all") ? inventory.path("packages")
                    : inventory.path("byEcosystem").path(ecosystem);
            int before = Integer.parseInt(row.findElement(By.className("count-before")).getText());
            int after = Integer.parseInt(row.findElement(By.className("count-after")).getText());
            assertThat(before).as(ecosystem).isEqualTo(counts.path("before").asInt()).isGreaterThanOrEqualTo(after);
            assertThat(after).as(ecosystem).isEqualTo(counts.path("after").asInt());
            assertThat(row.findElement(By.className("bytes-before")).getText()).as(ecosystem)
                    .matches("[0-9.]+ (B|KiB|MiB|GiB)");
            assertThat(Long.parseLong(row.getAttribute("data-bytes-after")))
                    .isLessThanOrEqualTo(Long.parseLong(row.getAttribute("data-bytes-before")));
        }
        long keptPackageBytes = 0;
        for (JsonNode p : diff.path("byPackage")) {
            keptPackageBytes += p.path("keptBytes").asLong();
        }
        WebElement all = chart.findElement(By.cssSelector("tr[data-ecosystem=all]"));
        assertThat(Long.parseLong(all.getAttribute("data-bytes-after"))).as("the kept bytes of diff.json's packages")
                .isEqualTo(keptPackageBytes).isPositive();
        assertThat(all.getText()).startsWith("all");

        assertRemovedDirectoriesAreTheDiffs(diff);
        Chromium.screenshotWholePage(browser, SCREENSHOTS.resolve("job-packages.png"));
    }

    @Test
    void apiDocsRenderTheOperationsOfTheContract() {
        browser.get(url("/api/docs"));
        WebElement submit = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#operations-jobs-submitJob .opblock-summary-description")));
        assertThat(submit.getText()).isEqualTo("Queue a slim job");
        assertThat(browser.findElement(By.cssSelector("#operations-jobs-submitJob .opblock-summary-path"))
                .getText()).isEqualTo("/api/v1/jobs");
        assertThat(browser.findElements(By.cssSelector(".opblock"))).hasSizeGreaterThan(10);
    }

    /**
     * The chart of removed directories shows diff.json's, each with the bytes it lost, the one that
     * lost most first; returns its rows.
     */
    private List<WebElement> assertRemovedDirectoriesAreTheDiffs(JsonNode diff) {
        Map<String, Long> removedBytes = new HashMap<>();
        for (JsonNode directory : diff.path("byTopLevelDirectory")) {
            removedBytes.put(directory.path("directory").asString(), directory.path("removedBytes").asLong());
        }
        List<WebElement> rows = browser.findElements(By.cssSelector("#removed-dirs-chart tbody tr"));
        assertThat(rows).isNotEmpty();
        for (WebElement row : rows) {
            String directory = row.getAttribute("data-directory");
            assertThat(row.findElement(By.tagName("code")).getText()).isEqualTo(directory);
            assertThat(Long.parseLong(row.getAttribute("data-removed-bytes"))).as(directory)
                    .isEqualTo(removedBytes.get(directory)).isPositive();
        }
        assertThat(Long.parseLong(rows.get(0).getAttribute("data-removed-bytes")))
                .isEqualTo(Collections.max(removedBytes.values()));
        return rows;
    }

    private static List<String> concat(List<String> list, String last) {
        List<String> all = new ArrayList<>(list);
        all.add(last);
        return all;
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}

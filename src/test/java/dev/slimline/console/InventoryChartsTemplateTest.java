package dev.slimline.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.inventory.ImageDiff.DirectoryTally;
import dev.slimline.inventory.InventorySummary;
import dev.slimline.inventory.InventorySummary.Counts;
import dev.slimline.job.JobStatus;
import dev.slimline.pipeline.Phase;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * The job page's inventory charts as the console's template renders them: names from the image
 * (directories, reasons) are text on the page, never markup.
 */
class InventoryChartsTemplateTest {

    private static final String HOSTILE_DIRECTORY = "/<script>alert(\"dir\")</script>'\\xff";
    private static final String HOSTILE_REASON = "/opt/<img src=x onerror=alert(1)>.jar: unreadable";

    private final SpringTemplateEngine engine = engine();

    @Test
    void namesFromTheImageAreShownAsTextNotRunAsMarkup() {
        InventoryCharts charts = InventoryCharts.of(JobStatus.SUCCEEDED, null,
                new InventorySummary(new Counts(4, 1), Map.of("dpkg", new Counts(4, 1)), 2048, List.of(), false,
                        List.of(HOSTILE_REASON), null),
                new DiffFacts(List.of(new DirectoryTally(HOSTILE_DIRECTORY, 1, 10, 3, 2048),
                        new DirectoryTally("/usr", 5, 100, 1, 1024)), Map.of("dpkg", new DiffFacts.Bytes(4096, 512))));

        Document page = render(charts);

        assertThat(page.select("script, img")).as("no element made of the names").isEmpty();
        Element first = page.selectFirst("#removed-dirs-chart tbody tr");
        assertThat(first.attr("data-directory")).isEqualTo(HOSTILE_DIRECTORY);
        assertThat(first.selectFirst("code").text()).isEqualTo(HOSTILE_DIRECTORY);
        assertThat(first.select("td").get(1).text()).isEqualTo("2.0 KiB");
        assertThat(page.select("#removed-dirs-chart tbody tr")).extracting(e -> e.attr("data-directory"))
                .containsExactly(HOSTILE_DIRECTORY, "/usr");
        assertThat(page.selectFirst("#packages-note").text()).endsWith(HOSTILE_REASON + ".");

        Element all = page.selectFirst("#packages-chart tr[data-ecosystem=all]");
        assertThat(all.attr("data-before")).isEqualTo("4");
        assertThat(all.attr("data-after")).isEqualTo("1");
        assertThat(all.selectFirst(".count-before").text()).isEqualTo("4");
        assertThat(all.selectFirst(".bytes-before").text()).isEqualTo("4.0 KiB");
        assertThat(all.selectFirst(".bytes-after").text()).isEqualTo("512 B");
        assertThat(all.select(".bar.after").get(0).attr("style")).isEqualTo("width: 25.0%");
    }

    @Test
    void aJobWithoutAnInventoryIsOneSentenceAndNoChart() {
        Document page = render(InventoryCharts.of(JobStatus.FAILED, Phase.PROBE, null, null));

        assertThat(page.selectFirst("#packages-note").text())
                .isEqualTo("No package inventory: the job failed in PROBE before one was recorded.");
        assertThat(page.select("#packages-chart, #removed-dirs-chart, #removed-dirs-note")).isEmpty();
    }

    @Test
    void aRunningJobShowsNoInventorySection() {
        assertThat(render(null).select("#inventory")).isEmpty();
    }

    private Document render(InventoryCharts charts) {
        Context context = new Context(Locale.ROOT);
        context.setVariable("inv", charts);
        return Jsoup.parseBodyFragment(engine.process("console/fragments", Set.of("inventory"), context));
    }

    private static SpringTemplateEngine engine() {
        ClassLoaderTemplateResolver templates = new ClassLoaderTemplateResolver();
        templates.setPrefix("templates/");
        templates.setSuffix(".html");
        templates.setTemplateMode(TemplateMode.HTML);
        SpringTemplateEngine engine = new SpringTemplateEngine();
        engine.setTemplateResolver(templates);
        return engine;
    }
}

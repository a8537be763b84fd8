package dev.slimline.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SizeChartTest {

    @Test
    void theSlimBarIsItsShareOfTheOriginal() {
        SizeChart chart = SizeChart.of(100 << 20, 25 << 20);
        assertThat(chart.original()).isEqualTo("100.0 MiB");
        assertThat(chart.slim()).isEqualTo("25.0 MiB");
        assertThat(chart.slimWidth()).isEqualTo(100.0);
        assertThat(chart.reduction()).isEqualTo("75.0 % smaller");
    }

    @Test
    void aTinySlimImageStillShowsABar() {
        assertThat(SizeChart.of(1L << 40, 1).slimWidth()).isEqualTo(2.0);
    }
}

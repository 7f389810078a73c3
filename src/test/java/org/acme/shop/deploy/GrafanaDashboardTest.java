package org.acme.shop.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * What {@link PrometheusScrapeIT} relies on to check the dashboard's queries, without Prometheus: the metric names it
 * reads out of a query, and queries that leave the window of a rate to Grafana.
 */
class GrafanaDashboardTest {

    private static final Pattern WINDOW = Pattern.compile("\\[([^]]*)]");

    @Test
    void theMetricNamesOfAQueryAreItsSeriesNotItsFunctionsLabelsOrKeywords() {
        assertThat(GrafanaDashboard.metricNames("sum by (result) (rate(cache_gets_total{cache=~\"a|b\",result!=\"x\"}"
                + "[$__rate_interval])) / ignoring (result) group_left sum(rate(cache_loads_total[1m] offset 5m))"))
                .containsExactly("cache_gets_total", "cache_loads_total");
        assertThat(GrafanaDashboard.metricNames("max by (role) (redis_memory_max_bytes{role=~\"cache\"} > 0)"
                + " and on () max(views_flush_lag_seconds{quantile=\"0.99\"}) > bool 1e3"))
                .containsExactly("redis_memory_max_bytes", "views_flush_lag_seconds");
    }

    @Test
    void variablesAreReplacedByTheirValuesAndAnUnknownOneStays() {
        assertThat(GrafanaDashboard.substitute("rate(x{cache=~\"$cache\",role=~\"${role}\"}[$__rate_interval]) $other",
                Map.of("cache", "a|b", "role", "state", "__rate_interval", "1m")))
                .isEqualTo("rate(x{cache=~\"a|b\",role=~\"state\"}[1m]) $other");
    }

    /** A fixed window would be too short for a slow scrape, or hide a spike on a wide range. */
    @Test
    void everyRangeOfTheDashboardIsOneOfGrafanasIntervals() {
        int ranges = 0;
        for (GrafanaDashboard.Target target : GrafanaDashboard.read().targets()) {
            Matcher window = WINDOW.matcher(target.expr());
            while (window.find()) {
                assertThat(window.group(1)).as("a range of %s", target).isIn("$__rate_interval", "$__range");
                ranges++;
            }
        }
        assertThat(ranges).isGreaterThan(10);
    }
}

package org.acme.shop.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code /q/metrics} on the management port ({@link Management}), the Prometheus text that operators scrape,
 * rather than the registry: the series names there are the contract. While tracing is on (as in the tests), a sample
 * may end with an exemplar, {@code # {span_id="…",trace_id="…"} 1.0 <time>}: the trace of a request it counted.
 */
public final class Metrics {

    private static final String EXEMPLAR = "(?: # .*)?$";

    private Metrics() {
    }

    /** The value of one series, e.g. {@code cache_loads_total{cache="product"}}; 0 when it was never written. */
    public static double value(String series) {
        String text = text();
        Matcher value = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)" + EXEMPLAR, Pattern.MULTILINE)
                .matcher(text);
        return value.find() ? Double.parseDouble(value.group(1)) : 0;
    }

    /** The sum of every series of one metric, whatever its labels, e.g. {@code cache_redis_errors_total}. */
    public static double sum(String name) {
        String text = text();
        Matcher value = Pattern.compile("^" + Pattern.quote(name) + "(?:\\{[^}]*})? (\\S+)" + EXEMPLAR, Pattern.MULTILINE)
                .matcher(text);
        double sum = 0;
        while (value.find()) {
            sum += Double.parseDouble(value.group(1));
        }
        return sum;
    }

    /** The whole Prometheus text, as a scrape gets it. */
    public static String text() {
        return Management.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}

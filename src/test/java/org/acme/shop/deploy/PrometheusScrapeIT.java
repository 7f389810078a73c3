package org.acme.shop.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.acme.shop.testing.PackagedApp;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The alert rules of {@code k8s/monitoring/prometheus-rule.yaml} in a real Prometheus (Debian's package, whose
 * {@code promtool} {@link PromtoolTest} runs) that scrapes the packaged app's management port every second, as the
 * PodMonitor has it scraped: every rule evaluates without an error on the app's real series (a label that no longer
 * matches, a vector matching that became many-to-many), and every series a rule names is one Prometheus scraped from
 * the app, so that a renamed metric fails the build. On the same series it runs every query of every panel of the
 * Grafana dashboard ({@code k8s/monitoring/grafana-dashboard.json}, with fixed values for Grafana's variables): each is
 * a valid query, every metric it reads is one the app exposes, and each answers with data, but for the few that only
 * a failure fills ({@link #MAY_BE_EMPTY}). Its files and log stay in {@code target/prometheus-it/}.
 * <p>
 * Without {@code prometheus} on the {@code PATH} it is skipped, unless {@code CI} is {@code true}: then it fails.
 * {@code .ci/run} puts Debian's on the {@code PATH}, with promtool.
 */
class PrometheusScrapeIT {

    private static final Path RULES = DeploymentFiles.K8S.resolve("monitoring/prometheus-rule.yaml");
    private static final Path WORK = DeploymentFiles.ROOT.resolve("target/prometheus-it");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The dashboard's queries that answer nothing in this run, and why: "panel title refId" → reason. */
    private static final Map<String, String> MAY_BE_EMPTY = Map.of(
            "\"Redis memory per role\" B", "maxmemory > 0: the test run's Redis has no maxmemory",
            "\"Rate-limit checks failing open\" A", "result unchecked: only while the state Redis fails",
            "\"Rate-limit checks failing open\" B", "result unavailable: only while the state Redis fails");

    @Test
    void prometheusEvaluatesEveryRuleOnTheSeriesItScrapedFromTheApp() throws Exception {
        Path prometheus = PromtoolTest.onPath("prometheus");

        Map<String, String> environment = PackagedApp.testServers();
        environment.put("REDIS_MONITORING_INTERVAL", "1s");      // the redis_* gauges before the first evaluation
        try (PackagedApp app = PackagedApp.start("prometheus-it", environment)) {
            // Traffic that makes the app list its labelled counters: a product read (cache_gets_total), a stock read,
            // which asks the flash-sale service (flash_sale_reservations_total), and a refused login, which the
            // rate limits count (rate_limit_checks_total). A page size the cache does not keep is a bypass, and fills
            // the dashboard's bypass panel; reading product 42 again makes a hit and an L1 hit.
            send(HttpRequest.newBuilder(app.uri("/api/products/42")).build());          // the sample catalog's
            send(HttpRequest.newBuilder(app.uri("/api/products/42")).build());
            send(HttpRequest.newBuilder(app.uri("/api/products?size=7")).build());
            send(HttpRequest.newBuilder(app.uri("/api/inventory/KIT-0042")).build());
            send(HttpRequest.newBuilder(app.uri("/api/sessions")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"email\":\"nobody@example.org\",\"password\":\"not-the-password\"}")).build());
            Files.createDirectories(WORK);
            Path rules = WORK.resolve("rules.yaml");
            DeploymentFiles.YAML.writeValue(rules.toFile(), DeploymentFiles.read(RULES).path("spec"));
            URI metrics = app.managementUri("/q/metrics");
            Files.writeString(WORK.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    rule_files: [%s]
                    scrape_configs:
                      - job_name: catalog-cache
                        metrics_path: %s
                        static_configs:
                          - targets: ['%s']
                    """.formatted(rules, metrics.getPath(), metrics.getAuthority()));
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            Process server = new ProcessBuilder(prometheus.toString(),
                    "--config.file=" + WORK.resolve("prometheus.yml"), "--storage.tsdb.path=" + WORK.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(WORK.resolve("prometheus.log").toFile()).start();
            try {
                URI api = URI.create("http://127.0.0.1:" + port + "/api/v1/");
                // The app scraped, and every rule evaluated at least twice since (health "unknown" until then).
                Awaitility.await("see target/prometheus-it/prometheus.log").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
                            JsonNode targets = get(api.resolve("targets")).path("data").path("activeTargets");
                            assertThat(targets).singleElement()
                                    .satisfies(target -> assertThat(target.path("health").asText()).isEqualTo("up"));
                            assertThat(rules(api)).allSatisfy(rule -> assertThat(rule.path("health").asText())
                                    .as(rule.path("name").asText()).isNotEqualTo("unknown"));
                        });
                Thread.sleep(2_000);                             // two more evaluations on the scraped series
                List<JsonNode> evaluated = rules(api);
                assertThat(evaluated).isNotEmpty().allSatisfy(rule -> assertThat(rule.path("health").asText())
                        .as("%s: %s", rule.path("name").asText(), rule.path("lastError").asText()).isEqualTo("ok"));

                Set<String> scraped = new HashSet<>();
                get(api.resolve("label/__name__/values")).path("data").forEach(name -> scraped.add(name.asText()));
                Set<String> named = new TreeSet<>();
                for (JsonNode rule : evaluated) {
                    Matcher series = PrometheusRuleTest.SERIES.matcher(rule.path("query").asText());
                    while (series.find()) {
                        named.add(series.group(1));
                    }
                }
                assertThat(named).as("the series the rules name").hasSizeGreaterThan(10);
                assertThat(scraped).as("the series Prometheus scraped from the app").containsAll(named);

                everyDashboardQueryRunsOnTheScrapedSeries(api, scraped);
            } finally {
                server.destroy();
                server.waitFor();
            }
        }
    }

    /**
     * Every query of the dashboard, its variables given values as Grafana would: the intervals fixed, each template
     * variable all the values its own query finds in Prometheus.
     */
    private static void everyDashboardQueryRunsOnTheScrapedSeries(URI api, Set<String> scraped)
            throws IOException, InterruptedException {
        GrafanaDashboard dashboard = GrafanaDashboard.read();
        Map<String, String> values = new HashMap<>(GrafanaDashboard.GRAFANA_INTERVALS);
        for (GrafanaDashboard.QueryVariable variable : dashboard.queryVariables()) {
            assertThat(scraped).as("the metric of variable %s", variable.name()).contains(variable.metric());
            Set<String> found = new TreeSet<>();
            get(api.resolve("label/" + variable.label() + "/values?match%5B%5D=" + variable.metric())).path("data")
                    .forEach(value -> found.add(value.asText()));
            assertThat(found).as("values of variable %s", variable.name()).isNotEmpty();
            values.put(variable.name(), String.join("|", found));
        }

        List<GrafanaDashboard.Target> targets = dashboard.targets();
        assertThat(targets).as("the dashboard's queries").hasSizeGreaterThan(15);
        Set<String> targetNames = new HashSet<>();
        targets.forEach(target -> targetNames.add(target.toString()));
        assertThat(targetNames).as("queries allowed to be empty").containsAll(MAY_BE_EMPTY.keySet());
        for (GrafanaDashboard.Target target : targets) {
            String query = GrafanaDashboard.substitute(target.expr(), values);
            assertThat(query).as("%s with every variable given a value", target).doesNotContain("$");

            Set<String> metrics = GrafanaDashboard.metricNames(query);
            assertThat(metrics).as("the metrics %s reads", target).isNotEmpty();
            Set<String> missing = new TreeSet<>(metrics);
            missing.removeAll(scraped);
            assertThat(missing).as("metrics of %s that the app does not expose", target).isEmpty();

            JsonNode answer = post(api.resolve("query"), "query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
            assertThat(answer.path("status").asText()).as("%s: %s", target, answer).isEqualTo("success");
            if (!MAY_BE_EMPTY.containsKey(target.toString())) {
                assertThat(answer.path("data").path("result")).as("%s answers with data: %s", target, query)
                        .isNotEmpty();
            }
        }
    }

    /** Every alerting rule of every group, as Prometheus reports it. */
    private static List<JsonNode> rules(URI api) throws IOException, InterruptedException {
        List<JsonNode> rules = new ArrayList<>();
        get(api.resolve("rules")).path("data").path("groups")
                .forEach(group -> group.path("rules").forEach(rules::add));
        return rules;
    }

    private static int send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A form POST to Prometheus's API, which answers 400 with its error for a query it cannot parse. */
    private static JsonNode post(URI uri, String form) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(answer.body());
    }

    private static JsonNode get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(uri.toString()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }
}

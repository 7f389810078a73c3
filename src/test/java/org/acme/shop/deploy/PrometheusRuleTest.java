package org.acme.shop.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.openshift.api.model.monitoring.v1.PodMetricsEndpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;
import io.quarkus.test.junit.QuarkusTest;
import org.acme.shop.redis.RedisTopology;
import org.acme.shop.redis.monitoring.RedisInfoMetrics;
import org.acme.shop.testing.Management;
import org.acme.shop.testing.Metrics;
import org.acme.shop.testing.Products;
import org.junit.jupiter.api.Test;

/**
 * The monitoring files of {@code k8s/monitoring}, against the Prometheus Operator's model (fabric8's
 * {@code openshift-model-monitoring}, generated from the operator's CRDs): every field is one the schema knows (nothing
 * lands in {@code additionalProperties}, where a misspelt {@code for:} would go and be ignored by the operator). In
 * {@code prometheus-rule.yaml} every rule is complete, and every series its expressions name is one this application
 * exposes at {@code /q/metrics}, so a renamed metric cannot leave an alert that never fires; {@code pod-monitor.yaml}
 * scrapes that page on each pod's management port.
 */
@QuarkusTest
class PrometheusRuleTest {

    private static final Path RULES = DeploymentFiles.K8S.resolve("monitoring/prometheus-rule.yaml");
    private static final Path POD_MONITOR = DeploymentFiles.K8S.resolve("monitoring/pod-monitor.yaml");
    /** A series of this service in a rule's expression (and PrometheusScrapeIT's). */
    static final Pattern SERIES = Pattern.compile(
            "\\b((?:cache|redis|rate_limit|views|flash_sale)_[a-z_]+)\\b");
    private static final Pattern DURATION = Pattern.compile("[0-9]+(ms|s|m|h|d|w|y)");

    @Inject
    RedisInfoMetrics info;

    @Inject
    RedisTopology topology;

    @Test
    void theRulesMatchTheOperatorsSchema() throws IOException {
        PrometheusRule rule = DeploymentFiles.YAML.readValue(RULES.toFile(), PrometheusRule.class);
        assertThat(rule.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(rule.getKind()).isEqualTo("PrometheusRule");
        assertThat(rule.getMetadata().getName()).isNotBlank();
        assertThat(rule.getAdditionalProperties()).as("unknown top-level fields").isEmpty();
        assertThat(rule.getSpec().getAdditionalProperties()).as("unknown fields of spec").isEmpty();
        assertThat(rule.getSpec().getGroups()).isNotEmpty();
        for (RuleGroup group : rule.getSpec().getGroups()) {
            assertThat(group.getName()).isNotBlank();
            assertThat(group.getAdditionalProperties()).as("unknown fields of group %s", group.getName()).isEmpty();
            assertThat(group.getRules()).isNotEmpty();
            for (Rule alert : group.getRules()) {
                assertThat(alert.getAdditionalProperties()).as("unknown fields of %s", alert.getAlert()).isEmpty();
                assertThat(alert.getAlert()).matches("[A-Z][A-Za-z]+");
                assertThat(alert.getExpr().getStrVal()).as("expr of %s", alert.getAlert()).isNotBlank();
                assertThat(alert.getFor()).as("for of %s", alert.getAlert()).matches(DURATION);
                assertThat(alert.getLabels()).as("labels of %s", alert.getAlert()).containsKey("severity");
                assertThat(alert.getLabels().get("severity")).isIn("warning", "critical");
                assertThat(alert.getAnnotations()).containsKeys("summary", "description");
            }
        }
    }

    @Test
    void everySeriesTheRulesNameIsOneTheAppExposes() throws IOException {
        assumeFalse(topology.clustered(), "on a cluster the redis_* gauges are not exposed (RedisInfoMetrics)");
        Map<String, Object> product = Products.newBody();
        long id = Products.create(product);
        given().when().get("/api/products/" + id).then().statusCode(200);
        // A stock read asks the flash-sale service, whose counters are listed from its start.
        given().when().get("/api/inventory/" + product.get("sku")).then().statusCode(200);
        info.poll();

        PrometheusRule rule = DeploymentFiles.YAML.readValue(RULES.toFile(), PrometheusRule.class);
        Set<String> named = new TreeSet<>();
        for (RuleGroup group : rule.getSpec().getGroups()) {
            for (Rule alert : group.getRules()) {
                Matcher series = SERIES.matcher(alert.getExpr().getStrVal());
                while (series.find()) {
                    named.add(series.group(1));
                }
            }
        }
        assertThat(named).contains("cache_gets_total", "redis_up", "redis_evicted_keys", "redis_memory_used_bytes",
                "redis_memory_max_bytes", "cache_redis_circuit_open", "cache_outbox_oldest_age_seconds",
                "views_flush_lag_seconds", "views_counted_total", "views_flushed_total", "flash_sale_write_lag_seconds",
                "flash_sale_reservations_total", "flash_sale_writes_total", "rate_limit_checks_total",
                "cache_near_tracking", "cache_near_enabled");
        // The view flusher's meters come with its first scheduled run, shortly after start.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String exposed = Metrics.text();
            for (String series : named) {
                assertThat(exposed).as("the app exposes %s", series).containsPattern("(?m)^" + series + "[{ ]");
            }
        });
        // The near cache is on, as in production, and tracking: both gauges are 1, which keeps NearCacheTrackingDown
        // silent (it fires when the first is 0 while the second is 1).
        assertThat(Metrics.value("cache_near_enabled{cache=\"product\"}")).isEqualTo(1.0);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(Metrics.value("cache_near_tracking{cache=\"product\"}")).isEqualTo(1.0));
    }

    /**
     * A PodMonitor, because the metrics are on the management port, which the Service does not publish: it selects the
     * app's pods, and scrapes the container port and path where the app serves them, and the API port does not.
     */
    @Test
    void thePodMonitorScrapesTheManagementPortOfTheAppsPods() throws IOException {
        PodMonitor monitor = DeploymentFiles.YAML.readValue(POD_MONITOR.toFile(), PodMonitor.class);
        assertThat(monitor.getKind()).isEqualTo("PodMonitor");
        assertThat(monitor.getAdditionalProperties()).as("unknown top-level fields").isEmpty();
        assertThat(monitor.getSpec().getAdditionalProperties()).as("unknown fields of spec").isEmpty();
        PodTemplateSpec app = DeploymentFiles.kubernetesObjects().stream().filter(Deployment.class::isInstance)
                .map(Deployment.class::cast).filter(d -> d.getMetadata().getName().equals("catalog-cache"))
                .findFirst().orElseThrow().getSpec().getTemplate();
        assertThat(app.getMetadata().getLabels()).containsAllEntriesOf(monitor.getSpec().getSelector().getMatchLabels());
        PodMetricsEndpoint endpoint = monitor.getSpec().getPodMetricsEndpoints().get(0);
        assertThat(monitor.getSpec().getPodMetricsEndpoints()).singleElement()
                .satisfies(only -> assertThat(only.getAdditionalProperties()).isEmpty());
        assertThat(endpoint.getPort()).isEqualTo("management");
        assertThat(app.getSpec().getContainers().get(0).getPorts()).extracting(ContainerPort::getName)
                .contains(endpoint.getPort());
        assertThat(endpoint.getInterval()).matches(DURATION);
        Management.given().when().get(endpoint.getPath()).then().statusCode(200);
        given().when().get(endpoint.getPath()).then().statusCode(404);
    }
}

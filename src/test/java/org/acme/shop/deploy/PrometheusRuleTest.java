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

import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;
import io.quarkus.test.junit.QuarkusTest;
import org.acme.shop.redis.RedisTopology;
import org.acme.shop.redis.monitoring.RedisInfoMetrics;
import org.acme.shop.testing.Metrics;
import org.acme.shop.testing.Products;
import org.junit.jupiter.api.Test;

/**
 * {@code k8s/monitoring/prometheus-rule.yaml} against the Prometheus Operator's {@code PrometheusRule} model
 * (fabric8's {@code openshift-model-monitoring}, generated from the operator's CRD): every field is one the schema
 * knows (nothing lands in {@code additionalProperties}, where a misspelt {@code for:} would go and be ignored by the
 * operator), every rule is complete, and every series its expressions name is one this application exposes at
 * {@code /q/metrics}, so a renamed metric cannot leave an alert that never fires.
 */
@QuarkusTest
class PrometheusRuleTest {

    private static final Path RULES = DeploymentFiles.K8S.resolve("monitoring/prometheus-rule.yaml");
    private static final Pattern SERIES = Pattern.compile(
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
            String exposed = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
            for (String series : named) {
                assertThat(exposed).as("the app exposes %s", series).containsPattern("(?m)^" + series + "[{ ]");
            }
        });
        // The test profile keeps the near cache off: its tracking gauge is 0, and so is the one that says it is
        // wanted, which keeps NearCacheTrackingDown silent.
        assertThat(Metrics.value("cache_near_tracking{cache=\"product\"}")).isZero();
        assertThat(Metrics.value("cache_near_enabled{cache=\"product\"}")).isZero();
    }
}

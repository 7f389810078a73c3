package org.acme.shop.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * The compose profile {@code observability} wired as docs/observability.md says, read from the files (no Docker, no
 * Grafana runs here; {@link PrometheusScrapeIT} runs the dashboard's queries in a real Prometheus): Prometheus scrapes
 * the app's management port at {@code /q/metrics}, Grafana is given that Prometheus and the dashboard file of the
 * repository, both services start only with the profile, publish on 127.0.0.1 only and run pinned images, and an
 * anonymous visitor of Grafana may only look.
 */
class ObservabilityProfileTest {

    private static final String PROFILE = "observability";

    private final JsonNode services = DeploymentFiles.read(DeploymentFiles.COMPOSE).path("services");
    private final JsonNode prometheus = services.path("prometheus");
    private final JsonNode grafana = services.path("grafana");

    @Test
    void prometheusAndGrafanaStartOnlyWithTheProfileAndTheDefaultStackIsUnchanged() {
        Map<String, JsonNode> profiles = new TreeMap<>();
        services.properties().forEach(service -> profiles.put(service.getKey(), service.getValue().path("profiles")));
        assertThat(profiles.get("prometheus")).extracting(JsonNode::asText).containsExactly(PROFILE);
        assertThat(profiles.get("grafana")).extracting(JsonNode::asText).containsExactly(PROFILE);
        profiles.values().removeIf(profile -> !profile.isEmpty());
        assertThat(profiles).as("the services `docker compose up` starts, without a profile")
                .containsOnlyKeys("app", "postgres", "redis-cache", "redis-state");
    }

    @Test
    void prometheusScrapesTheAppsManagementPortAtQMetrics() {
        JsonNode config = DeploymentFiles.read(mountedFrom(prometheus, "/etc/prometheus/prometheus.yml"));
        assertThat(prometheus.path("command")).extracting(JsonNode::asText)
                .contains("--config.file=/etc/prometheus/prometheus.yml");

        String managementPort = DeploymentFiles.applicationProperty("quarkus.management.port");
        assertThat(managementPort).as("quarkus.management.port").isNotBlank();
        assertThat(services.path("app").path("ports")).extracting(JsonNode::asText)
                .as("the app's management port, published to this machine").anySatisfy(port -> assertThat(port)
                        .endsWith(":" + managementPort));
        JsonNode job = config.path("scrape_configs").get(0);
        assertThat(config.path("scrape_configs")).hasSize(1);
        assertThat(job.path("metrics_path").asText()).isEqualTo("/q/metrics");
        assertThat(job.path("static_configs").get(0).path("targets")).extracting(JsonNode::asText)
                .containsExactly("app:" + managementPort);
        assertThat(prometheus.path("depends_on")).extracting(JsonNode::asText).contains("app");

        // Every 15 s, as the PodMonitor has it, and as Grafana's datasource is told ($__rate_interval).
        String podMonitorInterval = DeploymentFiles.read(DeploymentFiles.K8S.resolve("monitoring/pod-monitor.yaml"))
                .path("spec").path("podMetricsEndpoints").get(0).path("interval").asText();
        assertThat(config.path("global").path("scrape_interval").asText()).isEqualTo(podMonitorInterval)
                .isEqualTo(datasource().path("jsonData").path("timeInterval").asText());
    }

    @Test
    void grafanaIsGivenThatPrometheusAndTheDashboardOfTheRepository() {
        JsonNode datasource = datasource();
        assertThat(datasource.path("type").asText()).isEqualTo("prometheus");
        assertThat(datasource.path("isDefault").asBoolean()).isTrue();
        assertThat(datasource.path("url").asText()).as("the Prometheus service, on the port it listens on")
                .isEqualTo("http://prometheus:" + containerPort(prometheus));

        JsonNode providers = DeploymentFiles.read(mountedFrom(grafana, "/etc/grafana/provisioning/dashboards/"))
                .path("providers");
        assertThat(providers).hasSize(1);
        assertThat(providers.get(0).path("type").asText()).isEqualTo("file");
        String folder = providers.get(0).path("options").path("path").asText();
        assertThat(mountedFrom(grafana, folder + "/")).as("the file mounted in the provider's folder")
                .isEqualTo(GrafanaDashboard.FILE).exists();
        assertThat(grafana.path("environment").path("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH").asText())
                .startsWith(folder + "/");
        assertThat(grafana.path("depends_on")).extracting(JsonNode::asText).contains("prometheus");

        // The dashboard asks for a Prometheus datasource, and every panel and query takes that variable.
        JsonNode variable = GrafanaDashboard.read().json().path("templating").path("list").get(0);
        assertThat(variable.path("type").asText()).isEqualTo("datasource");
        assertThat(variable.path("query").asText()).isEqualTo("prometheus");
        String uid = "${" + variable.path("name").asText() + "}";
        assertThat(GrafanaDashboard.read().panels()).isNotEmpty().allSatisfy(panel -> {
            assertThat(panel.path("datasource").path("uid").asText()).isEqualTo(uid);
            assertThat(panel.path("targets")).isNotEmpty().allSatisfy(target ->
                    assertThat(target.path("datasource").path("uid").asText()).isEqualTo(uid));
        });
    }

    @Test
    void bothPublishOnLoopbackOnlyAndRunPinnedImages() {
        for (JsonNode service : new JsonNode[] {prometheus, grafana}) {
            assertThat(service.path("ports")).isNotEmpty().allSatisfy(port -> assertThat(port.asText())
                    .as("reachable from this machine only").startsWith("127.0.0.1:"));
            assertThat(service.path("image").asText()).matches("\\$\\{[A-Z]+_IMAGE:-[^:}]+:v?[0-9][^:}]*}")
                    .doesNotContain("latest");
        }
    }

    @Test
    void anonymousVisitorsOfGrafanaMayOnlyLookAndTheAdminPasswordIsAVariable() {
        JsonNode environment = grafana.path("environment");
        assertThat(environment.path("GF_AUTH_ANONYMOUS_ENABLED").asText()).isEqualTo("true");
        assertThat(environment.path("GF_AUTH_ANONYMOUS_ORG_ROLE").asText()).isEqualTo("Viewer");
        assertThat(environment.path("GF_USERS_ALLOW_SIGN_UP").asText()).isEqualTo("false");
        assertThat(environment.path("GF_SECURITY_ADMIN_PASSWORD").asText())
                .matches("\\$\\{GRAFANA_ADMIN_PASSWORD:-local-dev-only-[^}]*}");
    }

    /** The provisioned datasource: the one entry of the file compose mounts into Grafana's datasources folder. */
    private JsonNode datasource() {
        JsonNode datasources = DeploymentFiles.read(mountedFrom(grafana, "/etc/grafana/provisioning/datasources/"))
                .path("datasources");
        assertThat(datasources).hasSize(1);
        return datasources.get(0);
    }

    /**
     * The file of the repository that the service mounts at {@code target}, or at a path that starts with it (a
     * target ending in {@code /} names a folder); it must be one mount, read-only.
     */
    private static Path mountedFrom(JsonNode service, String target) {
        Path found = null;
        for (JsonNode volume : service.path("volumes")) {
            String[] parts = volume.asText().split(":");
            if (parts[1].equals(target) || target.endsWith("/") && parts[1].startsWith(target)) {
                assertThat(found).as("one mount at %s", target).isNull();
                assertThat(parts).as("%s mounted read-only", parts[0]).hasSize(3).endsWith("ro");
                found = DeploymentFiles.ROOT.resolve(parts[0]).normalize();
            }
        }
        assertThat(found).as("a mount at %s", target).isNotNull();
        assertThat(found).exists();
        return found;
    }

    /** The container side of the service's one published port. */
    private static String containerPort(JsonNode service) {
        assertThat(service.path("ports")).hasSize(1);
        String port = service.path("ports").get(0).asText();
        return port.substring(port.lastIndexOf(':') + 1);
    }
}

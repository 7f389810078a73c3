package org.acme.shop.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import org.junit.jupiter.api.Test;

/**
 * Every pod Kubernetes may run at once opens its whole connection pool, and PostgreSQL refuses connections beyond
 * {@code max_connections}: the pool size times the most pods (the autoscaler's {@code maxReplicas}, plus
 * {@code maxSurge} during a rollout) must fit, with the superusers' reserved connections and some room for an
 * operator left over. Read from the files in {@code k8s/}, so that changing any one of the numbers is checked.
 */
class ConnectionBudgetTest {

    /** PostgreSQL's defaults, used when the StatefulSet does not set them with {@code -c name=value}. */
    private static final int DEFAULT_MAX_CONNECTIONS = 100;
    private static final int DEFAULT_SUPERUSER_RESERVED = 3;
    /** For an operator's psql, a backup, a migration run by hand. */
    private static final int HEADROOM = 5;

    private final List<HasMetadata> objects = DeploymentFiles.kubernetesObjects();

    @Test
    void everyPodsPoolFitsIntoPostgresMaxConnections() {
        Deployment app = one(Deployment.class, "catalog-cache");
        HorizontalPodAutoscaler hpa = one(HorizontalPodAutoscaler.class, "catalog-cache");
        int pods = hpa.getSpec().getMaxReplicas()
                + app.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal();

        String configured = one(ConfigMap.class, "catalog-cache-config").getData().get("QUARKUS_DATASOURCE_JDBC_MAX_SIZE");
        int pool = Integer.parseInt(configured != null ? configured
                : DeploymentFiles.applicationProperty("quarkus.datasource.jdbc.max-size"));

        Container postgres = one(StatefulSet.class, "catalog-postgres").getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        String settings = String.join(" ", postgres.getArgs() == null ? List.of() : postgres.getArgs());
        int maxConnections = setting(settings, "max_connections", DEFAULT_MAX_CONNECTIONS);
        int reserved = setting(settings, "superuser_reserved_connections", DEFAULT_SUPERUSER_RESERVED);

        assertThat(pool * pods)
                .as("%d connections per pod x %d pods (maxReplicas + maxSurge) against max_connections %d", pool, pods,
                        maxConnections)
                .isLessThanOrEqualTo(maxConnections - reserved - HEADROOM);
    }

    private static int setting(String args, String name, int fallback) {
        Matcher m = Pattern.compile("\\b" + name + "=(\\d+)").matcher(args);
        return m.find() ? Integer.parseInt(m.group(1)) : fallback;
    }

    private <T extends HasMetadata> T one(Class<T> type, String name) {
        List<T> found = objects.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> name.equals(o.getMetadata().getName())).toList();
        assertThat(found).as("%s %s", type.getSimpleName(), name).hasSize(1);
        return found.get(0);
    }
}

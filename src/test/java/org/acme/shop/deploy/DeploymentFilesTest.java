package org.acme.shop.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.quarkus.test.junit.QuarkusTest;
import org.acme.shop.testing.Management;
import org.acme.shop.views.ViewStatistics;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The container and Kubernetes files, parsed with fabric8's Kubernetes model and Jackson YAML and checked against
 * the running application: paths it serves, configuration keys it reads, references that resolve, pinned images,
 * limits and security contexts. No cluster runs here; the compose stack does, in .ci/compose-smoke after the tests.
 * These checks are the fast half: they fail in seconds on what that run would find only after a build.
 */
@QuarkusTest
class DeploymentFilesTest {

    private final List<HasMetadata> objects = DeploymentFiles.kubernetesObjects();

    @Test
    void theKustomizationListsEveryManifestAndNothingElse() throws Exception {
        try (Stream<Path> files = Files.list(DeploymentFiles.K8S)) {
            List<String> manifests = files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml")).sorted().toList();
            assertThat(DeploymentFiles.kustomizationResources()).containsExactlyInAnyOrderElementsOf(manifests);
        }
        assertThat(objects).extracting(HasMetadata::getKind).contains("Deployment", "Service", "ConfigMap",
                "HorizontalPodAutoscaler", "PodDisruptionBudget", "StatefulSet", "NetworkPolicy")
                .as("Secrets are generated from env files, never committed").doesNotContain("Secret");
    }

    @Test
    void theAppDeploymentRollsTwoReplicasWithProbesOnTheManagementPort() {
        Deployment app = one(Deployment.class, "catalog-cache");
        assertThat(app.getSpec().getReplicas()).isEqualTo(2);
        assertThat(app.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        Container container = app.getSpec().getTemplate().getSpec().getContainers().get(0);
        int managementPort = ConfigProvider.getConfig().getValue("quarkus.management.port", Integer.class);
        assertThat(container.getPorts()).extracting(ContainerPort::getName, ContainerPort::getContainerPort)
                .as("Quarkus's default HTTP port in prod, and quarkus.management.port")
                .containsExactly(tuple("http", 8080), tuple("management", managementPort));
        Map<String, Probe> probes = Map.of("/q/health/started", container.getStartupProbe(),
                "/q/health/ready", container.getReadinessProbe(), "/q/health/live", container.getLivenessProbe());
        probes.forEach((path, probe) -> {
            assertThat(probe).as("probe for %s", path).isNotNull();
            assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
            assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management");
            Management.given().when().get(path).then().statusCode(200);   // the management interface serves it
            given().when().get(path).then().statusCode(404);              // the API port does not
        });
    }

    /** Health and metrics are for kubelet and Prometheus, which reach the pods: no Service leads to them. */
    @Test
    void theServicePublishesTheApiPortAndNotTheManagementPort() {
        PodTemplateSpec app = one(Deployment.class, "catalog-cache").getSpec().getTemplate();
        assertThat(one(Service.class, "catalog-cache").getSpec().getPorts())
                .extracting(port -> port.getTargetPort().getStrVal()).containsExactly("http");
        for (Service service : all(Service.class)) {
            if (labelsMatch(service.getSpec().getSelector()).test(app)) {
                assertThat(service.getSpec().getPorts()).as("ports of Service %s", service.getMetadata().getName())
                        .allSatisfy(port -> assertThat(port.getTargetPort().getStrVal()).isEqualTo("http"));
            }
        }
    }

    @Test
    void everyContainerIsPinnedLimitedAndUnprivileged() {
        for (PodTemplateSpec template : podTemplates()) {
            PodSpec pod = template.getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as("runAsNonRoot").isTrue();
            for (Container c : pod.getContainers()) {
                assertThat(c.getImage()).as("image of %s", c.getName()).matches("[^:@]+[:@].+").doesNotEndWith(":latest");
                assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
                assertThat(c.getResources().getLimits()).containsKeys("cpu", "memory");
                assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            }
        }
        Container app = one(Deployment.class, "catalog-cache").getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(app.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(app.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    }

    @Test
    void everySecretAndConfigMapReferenceResolves() {
        for (PodTemplateSpec template : podTemplates()) {
            for (Container c : template.getSpec().getContainers()) {
                for (EnvVar env : c.getEnv()) {
                    if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                        var ref = env.getValueFrom().getSecretKeyRef();
                        assertThat(secretKeys(ref.getName())).as("Secret %s", ref.getName()).contains(ref.getKey());
                    }
                }
                for (EnvFromSource from : c.getEnvFrom()) {
                    assertThat(configMapData(from.getConfigMapRef().getName())).isNotNull();
                }
            }
            template.getSpec().getVolumes().stream().filter(v -> v.getConfigMap() != null)
                    .forEach(v -> assertThat(configMapOrGenerated(v.getConfigMap().getName())).isNotNull());
        }
        assertThat(DeploymentFiles.generatedSecrets()).containsKey("catalog-cache-secrets");
    }

    @Test
    void secretsComeFromGitIgnoredEnvFilesThatTheUserCopiesFromCheckedInExamples() {
        List<String> envFiles = DeploymentFiles.secretEnvFiles();
        assertThat(envFiles).isNotEmpty();
        // Read from the ignore files, not asked of git: a tree unpacked from an archive has no .git.
        IgnoreFile gitignore = IgnoreFile.gitignore(DeploymentFiles.ROOT);
        IgnoreFile dockerignore = IgnoreFile.dockerignore(DeploymentFiles.ROOT);
        for (String env : envFiles) {
            Path example = DeploymentFiles.K8S.resolve(env + ".example");
            assertThat(example).as("the example of %s", env).exists();
            assertThat(DeploymentFiles.text(example).lines().filter(line -> !line.isBlank() && !line.startsWith("#")))
                    .as("%s holds placeholders only", example.getFileName())
                    .allSatisfy(line -> assertThat(line).matches("[A-Z_]+=(.*change-me.*|admin@example\\.org)"));
            assertThat(gitignore.ignores("k8s/" + env)).as("git ignores k8s/%s", env).isTrue();
            assertThat(gitignore.ignores("k8s/" + env + ".example")).as("git keeps its example").isFalse();
            assertThat(dockerignore.ignores("k8s/" + env)).as("docker build is never sent k8s/%s", env).isTrue();
        }
    }

    @Test
    void everyEnvironmentVariableTheAppIsGivenIsAConfigurationKeyItReads() {
        Set<String> known = DeploymentFiles.knownEnvironmentVariables();
        Container app = one(Deployment.class, "catalog-cache").getSpec().getTemplate().getSpec().getContainers().get(0);
        List<String> names = new ArrayList<>(app.getEnv().stream().map(EnvVar::getName).toList());
        app.getEnvFrom().forEach(from -> names.addAll(configMapData(from.getConfigMapRef().getName()).keySet()));
        names.addAll(composeService("app").path("environment").properties().stream().map(Map.Entry::getKey).toList());
        assertThat(names).isNotEmpty().allSatisfy(name -> assertThat(known).as("known keys").contains(name));
        assertThat(known).as("the check can fail").doesNotContain("CATALOG_CACHE_PRODUCTTTL");
    }

    @Test
    void servicesBudgetsAndAutoscalerPointAtRealPods() {
        for (Service service : all(Service.class)) {
            assertThat(podTemplates()).as("pods selected by Service %s", service.getMetadata().getName())
                    .anyMatch(labelsMatch(service.getSpec().getSelector()));
        }
        PodDisruptionBudget pdb = one(PodDisruptionBudget.class, "catalog-cache");
        assertThat(podTemplates()).anyMatch(labelsMatch(pdb.getSpec().getSelector().getMatchLabels()));
        HorizontalPodAutoscaler hpa = one(HorizontalPodAutoscaler.class, "catalog-cache");
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("catalog-cache");
        assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void onlyTheAppReachesPostgresAndRedis() {
        Map<String, String> appLabels = one(Deployment.class, "catalog-cache").getSpec().getTemplate().getMetadata().getLabels();
        for (String store : List.of("catalog-postgres", "catalog-redis-cache", "catalog-redis-state")) {
            Map<String, String> storeLabels = one(StatefulSet.class, store).getSpec().getTemplate().getMetadata().getLabels();
            List<NetworkPolicy> policies = policiesSelecting(storeLabels);
            assertThat(policies).as("policies of %s", store).allSatisfy(policy -> {
                assertThat(policy.getSpec().getPolicyTypes()).contains("Ingress");
                assertThat(policy.getSpec().getIngress()).allSatisfy(rule -> assertThat(rule.getFrom())
                        .allSatisfy(peer -> assertThat(peer.getPodSelector().getMatchLabels()).isEqualTo(appLabels)));
                assertThat(policy.getSpec().getEgress()).as("%s reaches nothing", store).isNullOrEmpty();
            });
            assertThat(policies).as("a policy admits the app to %s", store)
                    .anySatisfy(policy -> assertThat(policy.getSpec().getIngress()).isNotEmpty());
        }
        for (String persistent : List.of("catalog-postgres", "catalog-redis-state")) {
            assertThat(one(StatefulSet.class, persistent).getSpec().getVolumeClaimTemplates()).as(persistent).hasSize(1);
        }
        assertThat(one(StatefulSet.class, "catalog-redis-cache").getSpec().getVolumeClaimTemplates())
                .as("the cache keeps nothing on disk").isNullOrEmpty();
    }

    /**
     * A default deny covers every pod of the service, both ways; the app alone may open a connection, and only to
     * PostgreSQL, the two Redis and the cluster's DNS, on their ports: a taken-over pod reaches nothing else.
     */
    @Test
    void everyPodStartsWithNoTrafficAndTheAppReachesOnlyItsStoresAndDns() {
        List<NetworkPolicy> denials = all(NetworkPolicy.class).stream()
                .filter(policy -> policy.getSpec().getIngress().isEmpty() && policy.getSpec().getEgress().isEmpty())
                .toList();
        assertThat(denials).as("one default deny").hasSize(1);
        NetworkPolicy deny = denials.get(0);
        assertThat(deny.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(podTemplates()).as("every pod of the service, and only they")
                .allSatisfy(pod -> assertThat(selects(deny.getSpec().getPodSelector(), pod.getMetadata().getLabels()))
                        .isTrue())
                .hasSize(4);
        assertThat(selects(deny.getSpec().getPodSelector(), Map.of("app.kubernetes.io/name", "someone-else")))
                .as("another workload of the namespace").isFalse();

        PodTemplateSpec app = one(Deployment.class, "catalog-cache").getSpec().getTemplate();
        List<NetworkPolicy> appPolicies = policiesSelecting(app.getMetadata().getLabels());
        List<NetworkPolicyIngressRule> ingress = appPolicies.stream()
                .flatMap(p -> p.getSpec().getIngress().stream()).toList();
        assertThat(app.getSpec().getContainers().get(0).getPorts()).extracting(ContainerPort::getName)
                .containsExactly("http", "management");
        assertThat(ingress).as("two ports in, no other").allSatisfy(rule -> assertThat(portNames(rule)).isNotEmpty()
                .isSubsetOf("http", "management"));
        assertThat(ingress).as("the API from anywhere").anySatisfy(rule -> {
            assertThat(rule.getFrom()).isNullOrEmpty();
            assertThat(portNames(rule)).containsExactly("http");
        });
        assertThat(ingress).filteredOn(rule -> portNames(rule).contains("management"))
                .as("health and metrics from Prometheus's namespace only").singleElement().satisfies(rule -> {
                    assertThat(portNames(rule)).containsExactly("management");
                    assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
                        assertThat(peer.getNamespaceSelector().getMatchLabels())
                                .isEqualTo(Map.of("kubernetes.io/metadata.name", "monitoring"));
                        assertThat(peer.getPodSelector()).isNull();
                        assertThat(peer.getIpBlock()).isNull();
                    });
                });
        List<NetworkPolicyEgressRule> egress = appPolicies.stream()
                .flatMap(p -> p.getSpec().getEgress().stream()).toList();
        assertThat(egress).hasSize(3);
        for (String store : List.of("catalog-postgres", "catalog-redis-cache", "catalog-redis-state")) {
            PodTemplateSpec pod = one(StatefulSet.class, store).getSpec().getTemplate();
            int port = pod.getSpec().getContainers().get(0).getPorts().get(0).getContainerPort();
            assertThat(egress).as("the app reaches %s on %d", store, port).anySatisfy(rule -> {
                assertThat(rule.getTo()).allSatisfy(peer -> assertThat(selects(peer.getPodSelector(),
                        pod.getMetadata().getLabels())).isTrue());
                assertThat(rule.getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(port);
            });
        }
        assertThat(egress).as("DNS, in kube-system").anySatisfy(rule -> {
            assertThat(rule.getTo()).singleElement().satisfies(peer -> {
                assertThat(peer.getNamespaceSelector()).isNotNull().extracting(LabelSelector::getMatchLabels)
                        .isEqualTo(Map.of("kubernetes.io/metadata.name", "kube-system"));
                assertThat(peer.getPodSelector().getMatchLabels()).isEqualTo(Map.of("k8s-app", "kube-dns"));
            });
            assertThat(rule.getPorts()).extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
                    .containsExactlyInAnyOrder("UDP/53", "TCP/53");
        });
        assertThat(egress).as("no rule to anywhere: every rule names its peers")
                .allSatisfy(rule -> assertThat(rule.getTo()).isNotEmpty().noneMatch(peer -> peer.getIpBlock() != null));
    }

    /**
     * The Redis readiness probes and compose health checks pass the password through {@code REDISCLI_AUTH}: an
     * argument of redis-cli would be readable by any process of the pod, and by {@code ps} on the node.
     */
    @Test
    void theRedisProbesKeepThePasswordOffTheCommandLine() {
        List<String> checks = new ArrayList<>();
        for (String name : List.of("catalog-redis-cache", "catalog-redis-state")) {
            Container redis = one(StatefulSet.class, name).getSpec().getTemplate().getSpec().getContainers().get(0);
            for (Probe probe : Stream.of(redis.getReadinessProbe(), redis.getLivenessProbe(), redis.getStartupProbe())
                    .filter(probe -> probe != null && probe.getExec() != null).toList()) {
                checks.add(String.join(" ", probe.getExec().getCommand()));
            }
        }
        for (String service : List.of("redis-cache", "redis-state")) {
            composeService(service).path("healthcheck").path("test").forEach(part -> checks.add(part.asText()));
        }
        assertThat(checks).filteredOn(check -> check.contains("redis-cli")).hasSize(4).allSatisfy(check -> assertThat(check)
                .contains("REDISCLI_AUTH=").doesNotContain("--pass", " -a ", "--askpass"));
    }

    @Test
    void twoRedisRolesWithTheirOwnMemoryPolicyAndPersistence() {
        Map<String, List<String>> kubernetes = Map.of(
                "cache", redisArguments(one(StatefulSet.class, "catalog-redis-cache")),
                "state", redisArguments(one(StatefulSet.class, "catalog-redis-state")));
        Map<String, List<String>> compose = Map.of(
                "cache", List.of(DeploymentFiles.YAML.convertValue(composeService("redis-cache").path("command"), String[].class)),
                "state", List.of(DeploymentFiles.YAML.convertValue(composeService("redis-state").path("command"), String[].class)));
        for (Map<String, List<String>> roles : List.of(kubernetes, compose)) {
            assertThat(String.join(" ", roles.get("cache"))).contains("--maxmemory 256mb",
                    "--maxmemory-policy volatile-lfu", "--appendonly no");
            assertThat(String.join(" ", roles.get("state"))).contains("--maxmemory 256mb",
                    "--maxmemory-policy noeviction", "--appendonly yes", "--appendfsync always",
                    "--no-appendfsync-on-rewrite no");
        }
        JsonNode app = composeService("app").path("environment");
        assertThat(app.path("QUARKUS_REDIS_HOSTS").asText()).startsWith("redis://cache:${REDIS_CACHE_PASSWORD")
                .endsWith("@redis-cache:6379");
        assertThat(app.path("QUARKUS_REDIS_SESSIONS_HOSTS").asText()).startsWith("redis://state:${REDIS_STATE_PASSWORD")
                .endsWith("@redis-state:6379");
        assertThat(composeService("redis-state").path("volumes")).extracting(JsonNode::asText)
                .anySatisfy(volume -> assertThat(volume).endsWith(":/data"));
        assertThat(composeService("redis-cache").path("volumes")).extracting(JsonNode::asText)
                .noneSatisfy(volume -> assertThat(volume).endsWith(":/data"));
    }

    /**
     * The unique viewers have a memory bound ({@link ViewStatistics#MAX_BYTES_PER_PRODUCT} per product that exists);
     * the state role's {@code maxmemory} must hold the bound of the sample catalog's 1,000 products in at most 40 %,
     * leaving the rest to sessions, rate limits and streams before the {@code RedisStateMemoryNearMax} alert at 80 %
     * (docs/unique-viewers.md).
     */
    @Test
    void theStateRoleHoldsTheUniqueViewersOfTheSampleCatalogInUnderTwoFifthsOfItsMemory() {
        List<List<String>> stateRoles = List.of(redisArguments(one(StatefulSet.class, "catalog-redis-state")),
                List.of(DeploymentFiles.YAML.convertValue(composeService("redis-state").path("command"), String[].class)));
        long sampleCatalog = 1_000;
        for (List<String> arguments : stateRoles) {
            String maxmemory = arguments.get(arguments.indexOf("--maxmemory") + 1);
            assertThat(maxmemory).endsWith("mb");
            long bytes = Long.parseLong(maxmemory.substring(0, maxmemory.length() - 2)) * 1024 * 1024;
            assertThat(sampleCatalog * ViewStatistics.MAX_BYTES_PER_PRODUCT).as("unique viewers of 1,000 products")
                    .isLessThanOrEqualTo(bytes * 2 / 5);
        }
    }

    @Test
    void bothRedisRunTheAclFileOfTheRepositoryWithTheDefaultUserOff() {
        Path acl = DeploymentFiles.K8S.resolve("redis/users.acl");
        Path script = DeploymentFiles.K8S.resolve("redis/start-redis.sh");
        assertThat(DeploymentFiles.generatedConfigMaps().get("catalog-redis-acl"))
                .containsEntry("users.acl", DeploymentFiles.text(acl))
                .containsEntry("start-redis.sh", DeploymentFiles.text(script));
        for (String name : List.of("catalog-redis-cache", "catalog-redis-state")) {
            PodSpec pod = one(StatefulSet.class, name).getSpec().getTemplate().getSpec();
            Container redis = pod.getContainers().get(0);
            assertThat(redis.getCommand()).containsExactly("sh", "/etc/redis-acl/start-redis.sh");
            assertThat(pod.getVolumes()).anySatisfy(v -> assertThat(v.getConfigMap()).isNotNull()
                    .extracting(c -> c.getName()).isEqualTo("catalog-redis-acl"));
        }
        for (String service : List.of("redis-cache", "redis-state")) {
            assertThat(composeService(service).path("command").get(1).asText()).isEqualTo("/usr/local/etc/redis/start-redis.sh");
            assertThat(composeService(service).path("volumes")).extracting(JsonNode::asText)
                    .contains("./k8s/redis:/usr/local/etc/redis:ro");
        }

        Map<String, String> users = DeploymentFiles.redisUsers();
        assertThat(users).containsOnlyKeys("default", "cache", "state", "ops");
        assertThat(users.get("default")).startsWith("off ");
        for (String role : List.of("cache", "state")) {
            String hash = "#@" + role.toUpperCase(Locale.ROOT) + "_PASSWORD_SHA256@";
            assertThat(users.get(role)).startsWith("on " + hash + " resetkeys ~shop:")
                    .contains(" %R~shop:health resetchannels -@all ")
                    .as("no command category, no admin command, no KEYS").doesNotContain("+@");
            assertThat(List.of(users.get(role).split(" ")))
                    .doesNotContain("+flushall", "+flushdb", "+keys", "+config", "+acl", "+debug", "+shutdown")
                    .as("the role's keys, not every key of the prefix").doesNotContain("~shop:*");
        }
        // The ACL's key patterns start with the key prefix the app is given.
        assertThat(composeService("app").path("environment").path("CACHE_KEY_PREFIX").asText()).isEqualTo("shop");
        assertThat(configMapData("catalog-cache-config")).containsEntry("CACHE_KEY_PREFIX", "shop");
    }

    @Test
    void theOperatorsUserReadsEveryKeyWritesNoneAndHasItsOwnPasswordFromTheRedisSecret() {
        String ops = DeploymentFiles.redisUsers().get("ops");
        assertThat(ops).startsWith("on #@OPS_PASSWORD_SHA256@ resetkeys ~* resetchannels -@all ");
        List<String> rules = List.of(ops.split(" "));
        assertThat(rules).as("the category of reads, without KEYS").containsSubsequence("+@read", "-keys")
                .filteredOn(rule -> rule.startsWith("+@")).as("no other category").containsExactly("+@read");
        assertThat(rules).as("no write, no administration, no script").doesNotContain("+set", "+del", "+unlink",
                "+expire", "+hset", "+flushall", "+flushdb", "+keys", "+config", "+acl", "+debug", "+monitor", "+client",
                "+client|kill", "+eval", "+evalsha", "+script", "+function", "+fcall", "+shutdown");
        assertThat(DeploymentFiles.text(DeploymentFiles.K8S.resolve("redis/start-redis.sh")))
                .contains("@CACHE_PASSWORD_SHA256@", "@STATE_PASSWORD_SHA256@", "@OPS_PASSWORD_SHA256@",
                        "REDIS_OPS_PASSWORD");

        // Kubernetes: both Redis take it from the Secret that holds the app's Redis passwords, under its own key.
        for (String name : List.of("catalog-redis-cache", "catalog-redis-state")) {
            Map<String, String> secretKeys = new HashMap<>();
            one(StatefulSet.class, name).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                    .filter(env -> env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null)
                    .forEach(env -> secretKeys.put(env.getName(), env.getValueFrom().getSecretKeyRef().getName()
                            + "/" + env.getValueFrom().getSecretKeyRef().getKey()));
            assertThat(secretKeys).as(name).containsEntry("REDIS_OPS_PASSWORD", "catalog-redis/REDIS_OPS_PASSWORD");
        }
        // Compose: a variable of its own on both Redis, and never given to the app.
        for (String service : List.of("redis-cache", "redis-state")) {
            JsonNode environment = composeService(service).path("environment");
            assertThat(environment.path("REDIS_OPS_PASSWORD").asText()).as(service)
                    .matches("\\$\\{REDIS_OPS_PASSWORD(:-[^}]*)?}");
        }
        assertThat(composeService("app").toString()).doesNotContain("REDIS_OPS_PASSWORD");
    }

    /**
     * One Redis user per role, each with its own password, and each Redis given only its own role's: the cache's
     * password opens nothing on the state's Redis (it has no user {@code cache}, and {@code state} has another
     * password), and neither Redis's environment holds the other's password. The two users' key patterns share no
     * key: no literal start of one is the start of another ({@code RedisAclTest} proves the refusals on a server).
     */
    @Test
    void eachRedisRoleHasItsOwnUserAndPasswordAndNoKeyOfTheOther() {
        Map<String, String> own = Map.of("cache", "REDIS_CACHE_PASSWORD", "state", "REDIS_STATE_PASSWORD");
        own.forEach((role, password) -> {
            String other = own.get(role.equals("cache") ? "state" : "cache");
            Container redis = one(StatefulSet.class, "catalog-redis-" + role).getSpec().getTemplate().getSpec()
                    .getContainers().get(0);
            assertThat(redis.getEnv()).as("catalog-redis-%s", role).anySatisfy(env -> {
                assertThat(env.getName()).isEqualTo(password);
                assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("catalog-redis");
                assertThat(env.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(password);
            }).noneSatisfy(env -> assertThat(env.getName()).isIn(other, "REDIS_PASSWORD"));
            assertThat(redis.getReadinessProbe().getExec().getCommand().get(2))
                    .contains("REDISCLI_AUTH=\"$" + password + "\"", "--user " + role + " ");
            JsonNode compose = composeService("redis-" + role);
            assertThat(compose.path("environment").path(password).asText()).matches("\\$\\{" + password + ":-[^}]+}");
            assertThat(compose.toString()).doesNotContain(other, "REDIS_PASSWORD");
            assertThat(compose.path("healthcheck").path("test").get(1).asText())
                    .contains("REDISCLI_AUTH=\"$${" + password + "}\"", "--user " + role + " ");
        });
        assertThat(DeploymentFiles.text(DeploymentFiles.K8S.resolve("redis-secrets.env.example")).lines()
                .filter(line -> line.matches("[A-Z_]+=.*")).map(line -> line.substring(0, line.indexOf('='))))
                .containsExactlyInAnyOrder("REDIS_CACHE_PASSWORD", "REDIS_STATE_PASSWORD", "REDIS_OPS_PASSWORD");
        // Compose's defaults differ too, so that a laptop's stack keeps the roles apart.
        String cacheDefault = composeService("redis-cache").path("environment").path("REDIS_CACHE_PASSWORD").asText();
        String stateDefault = composeService("redis-state").path("environment").path("REDIS_STATE_PASSWORD").asText();
        assertThat(cacheDefault.substring(cacheDefault.indexOf(":-")))
                .isNotEqualTo(stateDefault.substring(stateDefault.indexOf(":-")));

        Map<String, String> users = DeploymentFiles.redisUsers();
        List<String> cacheAreas = keyPatterns(users.get("cache"));
        List<String> stateAreas = keyPatterns(users.get("state"));
        assertThat(cacheAreas).contains("shop:catalog:", "shop:inventory:");
        assertThat(stateAreas).contains("shop:session:", "shop:ratelimit:");
        for (String cache : cacheAreas) {
            for (String state : stateAreas) {
                assertThat(cache.startsWith(state) || state.startsWith(cache)).as("%s and %s", cache, state).isFalse();
            }
        }
    }

    /** The literal start (up to the first {@code *}) of each read-write key pattern ({@code ~…}) of a user's rules. */
    private static List<String> keyPatterns(String rules) {
        return Stream.of(rules.split(" ")).filter(rule -> rule.startsWith("~"))
                .map(rule -> rule.substring(1, rule.contains("*") ? rule.indexOf('*') : rule.length())).toList();
    }

    /** The stack {@code docker compose up} starts: the services without a profile (ObservabilityProfileTest, the others). */
    @Test
    void composeStartsTheAppAfterHealthyDependenciesAndPublishesOnlyItsPort() {
        List<Map.Entry<String, JsonNode>> services = DeploymentFiles.read(DeploymentFiles.COMPOSE).path("services")
                .properties().stream().filter(service -> service.getValue().path("profiles").isEmpty()).toList();
        assertThat(services).extracting(Map.Entry::getKey).containsExactlyInAnyOrder("app", "postgres", "redis-cache",
                "redis-state");
        services.forEach(entry -> {
            JsonNode service = entry.getValue();
            assertThat(service.has("healthcheck")).as("healthcheck of %s", entry.getKey()).isTrue();
            assertThat(service.has("ports")).as("ports of %s", entry.getKey()).isEqualTo(entry.getKey().equals("app"));
        });
        JsonNode dependsOn = composeService("app").path("depends_on");
        for (String dependency : List.of("postgres", "redis-cache", "redis-state")) {
            assertThat(dependsOn.path(dependency).path("condition").asText()).isEqualTo("service_healthy");
        }
        Path dockerfile = DeploymentFiles.ROOT.resolve(composeService("app").path("build").path("dockerfile").asText());
        assertThat(dockerfile).exists();
    }

    @Test
    void composeConnectsTheAppAsTheRoleTheInitScriptCreatesNeverAsTheSuperuser() {
        JsonNode app = composeService("app").path("environment");
        JsonNode postgres = composeService("postgres").path("environment");
        assertThat(app.path("QUARKUS_DATASOURCE_USERNAME").asText()).as("the app logs in as the init script's role")
                .isEqualTo(postgres.path("APP_DB_USER").asText())
                .isNotEqualTo(postgres.path("POSTGRES_USER").asText());
        assertThat(app.path("QUARKUS_DATASOURCE_PASSWORD").asText()).as("with that role's password variable")
                .isEqualTo(postgres.path("APP_DB_PASSWORD").asText())
                .isNotEqualTo(postgres.path("POSTGRES_PASSWORD").asText());

        // The init script is the one Kubernetes runs, mounted where the postgres image runs it on first start.
        Path script = DeploymentFiles.K8S.resolve("postgres-initdb/10-app-role.sh");
        assertThat(DeploymentFiles.generatedConfigMaps().get("catalog-postgres-initdb"))
                .containsEntry("10-app-role.sh", DeploymentFiles.text(script));
        assertThat(composeService("postgres").path("volumes")).extracting(JsonNode::asText)
                .contains("./k8s/postgres-initdb:/docker-entrypoint-initdb.d:ro");
        assertThat(Files.isExecutable(script)).as("executable, so the entrypoint runs it instead of sourcing it")
                .isTrue();
    }

    @Test
    void composeCreatesAnAdminOnlyWhenTheUserSetsOne() {
        JsonNode app = composeService("app").path("environment");
        for (String variable : List.of("SHOP_ADMIN_EMAIL", "SHOP_ADMIN_PASSWORD")) {
            assertThat(app.path(variable).asText()).as("%s passed through, with no default", variable)
                    .matches("\\$\\{" + variable + "(:?-)?}");
        }
    }

    @Test
    void composePublishesTheAppOnLoopbackOnly() {
        assertThat(composeService("app").path("ports")).isNotEmpty().allSatisfy(port -> assertThat(port.asText())
                .as("a published port is reachable from this machine only").startsWith("127.0.0.1:"));
        assertThat(composeService("app").path("ports")).extracting(port -> port.asText().replaceFirst(".*:", ""))
                .as("the API and the management interface").containsExactly("8080", "9000");
    }

    @Test
    void theAppIsHealthyOnlyWhenReadinessAnswers200() {
        String test = String.join(" ", DeploymentFiles.YAML.convertValue(
                composeService("app").path("healthcheck").path("test"), String[].class));
        assertThat(test).contains("http://127.0.0.1:9000/q/health/ready", "-w '%{http_code}'", "= 200")
                .as("a readiness body says UP for the checks that pass even when the status is 503")
                .doesNotContain("grep", "UP");
    }

    @Test
    void everyImageIsAParameterWhoseDefaultIsAPinnedTag() {
        Pattern parameter = Pattern.compile("\\$\\{([A-Z]+_IMAGE):-([^}]+)}");
        Map<String, String> defaults = new HashMap<>();
        List<JsonNode> images = new ArrayList<>();
        DeploymentFiles.read(DeploymentFiles.COMPOSE).path("services").forEach(service -> images.add(service.path("image")));
        composeService("app").path("build").path("args").forEach(images::add);
        for (JsonNode image : images) {
            Matcher m = parameter.matcher(image.asText());
            assertThat(m.matches()).as("%s is ${NAME_IMAGE:-tag}", image.asText()).isTrue();
            assertThat(m.group(2)).as("default of %s", m.group(1)).matches("[^:]+:v?[0-9][^:]*");
            defaults.put(m.group(1), m.group(2));
        }
        assertThat(defaults).containsKeys("APP_IMAGE", "POSTGRES_IMAGE", "REDIS_IMAGE", "JDK_IMAGE", "JRE_IMAGE",
                "PROMETHEUS_IMAGE", "GRAFANA_IMAGE");

        // The build arguments repeat the Dockerfile's defaults, so `docker build` alone and compose agree.
        Matcher arg = Pattern.compile("(?m)^ARG (JDK_IMAGE|JRE_IMAGE)=(\\S+)$").matcher(dockerfile());
        int args = 0;
        while (arg.find()) {
            assertThat(defaults.get(arg.group(1))).as("compose default of %s", arg.group(1)).isEqualTo(arg.group(2));
            args++;
        }
        assertThat(args).isEqualTo(2);
    }

    @Test
    void composeHasNoTopLevelNameWhichCompose129Rejects() {
        assertThat(DeploymentFiles.read(DeploymentFiles.COMPOSE).properties()).extracting(Map.Entry::getKey)
                .contains("services").doesNotContain("name");
    }

    @Test
    void theDockerfileBuildsOnAPinnedJdkAndRunsWithItsAotCacheAsNonRoot() {
        String dockerfile = dockerfile();
        assertThat(dockerfile).containsPattern("(?m)^ARG JDK_IMAGE=[^:]+:25\\.[0-9._]+-jdk$")
                .containsPattern("(?m)^ARG JRE_IMAGE=[^:]+:25\\.[0-9._]+-jre$");
        List<String> from = dockerfile.lines().filter(l -> l.startsWith("FROM ")).toList();
        // The cache is trained on the runtime's image: a cache made by another JVM build is ignored.
        assertThat(from).containsExactly("FROM ${JDK_IMAGE} AS build", "FROM ${JRE_IMAGE} AS train",
                "FROM ${JRE_IMAGE}");
        assertThat(dockerfile).contains("./mvnw", "quarkus-app", "USER 10001", "-Dquarkus.package.jar.type=aot-jar",
                "-XX:AOTCache=/deployments/app.aot");
    }

    @Test
    void theDependenciesAreFetchedInALayerOfTheirOwnBeforeTheSources() {
        List<String> steps = dockerfile().lines().filter(l -> l.startsWith("COPY src") || l.startsWith("RUN ./mvnw")).toList();
        assertThat(steps).hasSize(3);
        assertThat(steps.get(0)).as("dependencies before the sources").contains("quarkus:go-offline")
                .doesNotContain("dependency:go-offline");
        assertThat(steps.get(1)).isEqualTo("COPY src src");
        assertThat(steps.get(2)).as("package finds everything in the layer above").contains(" -o ", "package");
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static String dockerfile() {
        return DeploymentFiles.text(DeploymentFiles.ROOT.resolve("src/main/docker/Dockerfile"));
    }

    /** The arguments a Redis StatefulSet passes on to redis-server, after its start script. */
    private static List<String> redisArguments(StatefulSet redis) {
        return redis.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
    }

    private JsonNode composeService(String name) {
        return DeploymentFiles.read(DeploymentFiles.COMPOSE).path("services").path(name);
    }

    private <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private <T extends HasMetadata> T one(Class<T> type, String name) {
        List<T> found = all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).toList();
        assertThat(found).as("%s %s", type.getSimpleName(), name).hasSize(1);
        return found.get(0);
    }

    private List<PodTemplateSpec> podTemplates() {
        List<PodTemplateSpec> templates = new ArrayList<>();
        all(Deployment.class).forEach(d -> templates.add(d.getSpec().getTemplate()));
        all(StatefulSet.class).forEach(s -> templates.add(s.getSpec().getTemplate()));
        return templates;
    }

    private Set<String> secretKeys(String name) {
        assertThat(DeploymentFiles.generatedSecrets()).as("generated Secrets").containsKey(name);
        return DeploymentFiles.generatedSecrets().get(name);
    }

    private Map<String, String> configMapData(String name) {
        return one(ConfigMap.class, name).getData();
    }

    /** A ConfigMap of the manifests or, failing that, one the kustomization generates from files. */
    private Map<String, String> configMapOrGenerated(String name) {
        Map<String, String> generated = DeploymentFiles.generatedConfigMaps().get(name);
        return generated != null ? generated : configMapData(name);
    }

    private List<NetworkPolicy> policiesSelecting(Map<String, String> podLabels) {
        return all(NetworkPolicy.class).stream().filter(p -> selects(p.getSpec().getPodSelector(), podLabels)).toList();
    }

    /** Whether a label selector picks a pod of these labels: its labels, and its expressions (In, NotIn, Exists). */
    private static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        boolean matches = selector.getMatchLabels() == null
                || labels.entrySet().containsAll(selector.getMatchLabels().entrySet());
        for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
            String value = labels.get(requirement.getKey());
            matches &= switch (requirement.getOperator()) {
                case "In" -> requirement.getValues().contains(value);
                case "NotIn" -> !requirement.getValues().contains(value);
                case "Exists" -> value != null;
                default -> throw new IllegalArgumentException("operator " + requirement.getOperator());
            };
        }
        return matches;
    }

    private static List<String> portNames(NetworkPolicyIngressRule rule) {
        return rule.getPorts().stream().map(port -> port.getPort().getStrVal()).toList();
    }

    private static Predicate<PodTemplateSpec> labelsMatch(Map<String, String> selector) {
        return template -> template.getMetadata().getLabels().entrySet().containsAll(selector.entrySet());
    }
}

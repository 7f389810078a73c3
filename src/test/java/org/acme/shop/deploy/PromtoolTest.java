package org.acme.shop.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * The alert rules of {@code k8s/monitoring/prometheus-rule.yaml} as Prometheus itself reads them, through its
 * {@code promtool} (Debian's package {@code prometheus}): {@code promtool check rules} on the groups of the
 * PrometheusRule's spec, which the operator hands Prometheus unchanged, and {@code promtool test rules} on
 * {@code k8s/monitoring/prometheus-rule.test.yaml}, which fires every alert on synthetic series and shows it silent
 * before and after. The files promtool reads are left in {@code target/promtool/}, to run it again by hand.
 * <p>
 * Without {@code promtool} on the {@code PATH} the two promtool tests are skipped, unless the environment variable
 * {@code CI} is {@code true}: then they fail. {@code .ci/run} puts Debian's promtool on the {@code PATH}.
 */
class PromtoolTest {

    private static final Path RULES = DeploymentFiles.K8S.resolve("monitoring/prometheus-rule.yaml");
    private static final Path UNIT_TESTS = DeploymentFiles.K8S.resolve("monitoring/prometheus-rule.test.yaml");
    private static final Path WORK = DeploymentFiles.ROOT.resolve("target/promtool");
    /** The whole groups, for {@code check rules}. */
    private static final String GROUPS = "prometheus-rule.rules.yaml";
    /** The groups without their descriptions, for the unit tests (their {@code rule_files}). */
    private static final String SUMMARIES = "prometheus-rule.summaries.yaml";

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        Path promtool = promtool();
        Files.createDirectories(WORK);
        DeploymentFiles.YAML.writeValue(WORK.resolve(GROUPS).toFile(), DeploymentFiles.read(RULES).path("spec"));

        assertThat(run(promtool, "check", "rules", WORK.resolve(GROUPS))).contains("SUCCESS");
    }

    @Test
    void everyAlertFiresAndResolvesInPromtoolsUnitTests() throws Exception {
        Path promtool = promtool();
        Files.createDirectories(WORK);
        // promtool compares an alert's annotations whole: the descriptions are prose, the summaries stay (templates).
        JsonNode spec = DeploymentFiles.read(RULES).path("spec");
        spec.path("groups").forEach(group -> group.path("rules")
                .forEach(rule -> ((ObjectNode) rule.path("annotations")).remove("description")));
        DeploymentFiles.YAML.writeValue(WORK.resolve(SUMMARIES).toFile(), spec);
        Path unitTests = Files.copy(UNIT_TESTS, WORK.resolve(UNIT_TESTS.getFileName()),
                StandardCopyOption.REPLACE_EXISTING);

        assertThat(run(promtool, "test", "rules", unitTests)).contains("SUCCESS");
    }

    /** Needs no promtool: every alert of the rules has a time it fires and a time it does not in the unit tests. */
    @Test
    void theUnitTestsFireEveryAlertAndShowItSilent() {
        assertThat(DeploymentFiles.read(UNIT_TESTS).path("rule_files")).extracting(JsonNode::asText)
                .containsExactly(SUMMARIES);
        Set<String> alerts = new TreeSet<>();
        DeploymentFiles.read(RULES).path("spec").path("groups").forEach(group -> group.path("rules")
                .forEach(rule -> alerts.add(rule.path("alert").asText())));
        Set<String> firing = new TreeSet<>();
        Set<String> silent = new TreeSet<>();
        DeploymentFiles.read(UNIT_TESTS).path("tests").forEach(test -> test.path("alert_rule_test").forEach(eval ->
                (eval.path("exp_alerts").isEmpty() ? silent : firing).add(eval.path("alertname").asText())));

        assertThat(alerts).hasSizeGreaterThanOrEqualTo(13);
        assertThat(firing).as("alerts the unit tests fire").isEqualTo(alerts);
        assertThat(silent).as("alerts the unit tests show silent").isEqualTo(alerts);
    }

    /** promtool on the PATH; else the test is skipped, or fails where the environment says CI. */
    private static Path promtool() {
        return onPath("promtool");
    }

    /**
     * A program of Debian's package prometheus ({@code promtool}, {@code prometheus}) on the PATH; else the test is
     * skipped, or fails where the environment says CI.
     */
    static Path onPath(String program) {
        Optional<Path> found = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, program)).filter(Files::isExecutable)
                .findFirst();
        if (found.isEmpty() && "true".equals(System.getenv("CI"))) {
            fail(program + " is not on the PATH, and CI=true: .ci/run puts Debian's (package prometheus) there");
        }
        return found.orElseGet(() -> abort(program + " is not on the PATH, so the alert rules were not run through "
                + "it: install Debian's package prometheus (apt-get install --no-install-recommends prometheus)"));
    }

    /** Runs promtool in {@link #WORK} and returns its output; fails with that output unless it exits 0. */
    private static String run(Path promtool, String command, String subcommand, Path file)
            throws IOException, InterruptedException {
        Path log = WORK.resolve(command + "-" + subcommand + ".log");
        Process process = new ProcessBuilder(promtool.toString(), command, subcommand, file.toString())
                .directory(WORK.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = process.waitFor(60, TimeUnit.SECONDS);
        process.destroyForcibly();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(ended).as("promtool %s %s ended within 60 s; its output:%n%s", command, subcommand, output).isTrue();
        assertThat(process.exitValue()).as("promtool %s %s %s exit status; its output:%n%s", command, subcommand,
                WORK.relativize(file), output).isZero();
        return output;
    }
}

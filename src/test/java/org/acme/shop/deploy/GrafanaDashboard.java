package org.acme.shop.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Grafana dashboard of {@code k8s/monitoring/grafana-dashboard.json} as the tests read it: every query of every
 * panel, the template variables, and the metric names a query reads.
 */
final class GrafanaDashboard {

    static final Path FILE = DeploymentFiles.K8S.resolve("monitoring/grafana-dashboard.json");

    /**
     * Fixed values for Grafana's own interval variables: what Grafana would send for a short time range on a
     * Prometheus that scrapes every 15 s (the {@code timeInterval} of the compose profile's datasource).
     */
    static final Map<String, String> GRAFANA_INTERVALS = Map.of("__rate_interval", "1m", "__interval", "15s",
            "__range", "5m");

    /** One query of one panel. */
    record Target(String panel, String refId, String expr) {

        @Override
        public String toString() {
            return "\"" + panel + "\" " + refId;
        }
    }

    /** A template variable whose values are {@code label_values(metric, label)}. */
    record QueryVariable(String name, String metric, String label) {
    }

    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*(\\w+)\\s*,\\s*(\\w+)\\s*\\)");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(?=\\s*(\\()?)");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "and", "or", "unless", "offset", "inf", "nan");

    private final JsonNode dashboard;

    private GrafanaDashboard(JsonNode dashboard) {
        this.dashboard = dashboard;
    }

    static GrafanaDashboard read() {
        try {
            return new GrafanaDashboard(new ObjectMapper().readTree(FILE.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode json() {
        return dashboard;
    }

    /** Every panel that is not a row, also those inside a collapsed row. */
    List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> {
            if (panel.path("type").asText().equals("row")) {
                panel.path("panels").forEach(panels::add);
            } else {
                panels.add(panel);
            }
        });
        return panels;
    }

    List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        for (JsonNode panel : panels()) {
            panel.path("targets").forEach(target -> targets.add(new Target(panel.path("title").asText(),
                    target.path("refId").asText(), target.path("expr").asText())));
        }
        return targets;
    }

    List<QueryVariable> queryVariables() {
        List<QueryVariable> variables = new ArrayList<>();
        dashboard.path("templating").path("list").forEach(variable -> {
            if (variable.path("type").asText().equals("query")) {
                Matcher query = LABEL_VALUES.matcher(variable.path("query").path("query").asText());
                if (!query.matches()) {
                    throw new IllegalStateException("variable " + variable.path("name").asText()
                            + ": only label_values(metric, label) is understood here");
                }
                variables.add(new QueryVariable(variable.path("name").asText(), query.group(1), query.group(2)));
            }
        });
        return variables;
    }

    /**
     * The query with every {@code $name} and {@code ${name}} replaced by its value; a variable without a value stays,
     * so that the caller sees it.
     */
    static String substitute(String expr, Map<String, String> values) {
        return VARIABLE.matcher(expr).replaceAll(variable -> {
            String name = variable.group(1) != null ? variable.group(1) : variable.group(2);
            return Matcher.quoteReplacement(values.getOrDefault(name, variable.group()));
        });
    }

    /**
     * The metric names a PromQL query reads: its identifiers, less the strings, label matchers, ranges, numbers and
     * durations, grouping clauses, the functions (an identifier followed by a parenthesis) and the keywords.
     */
    static Set<String> metricNames(String expr) {
        String bare = STRING.matcher(expr).replaceAll("\"\"");
        bare = bare.replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ");
        bare = GROUPING.matcher(bare).replaceAll(" ");
        bare = bare.replaceAll("\\b[0-9][0-9.eE+]*(?:ms|[smhdwy])?\\b", " ");     // numbers, an offset's duration
        Set<String> names = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(bare);
        while (identifier.find()) {
            boolean function = identifier.group(1) != null;
            if (!function && !KEYWORDS.contains(identifier.group().toLowerCase(Locale.ROOT))) {
                names.add(identifier.group());
            }
        }
        return names;
    }
}

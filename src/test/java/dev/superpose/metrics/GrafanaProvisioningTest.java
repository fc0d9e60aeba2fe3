package dev.superpose.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped Grafana files, checked structurally (Grafana itself is not installable here; the
 * queries are proven against a real Prometheus by .ci/prometheus-check.sh).
 */
class GrafanaProvisioningTest {
    private static final Path GRAFANA = Path.of("grafana");
    private static final String DATASOURCE_UID = "superpose-prometheus";
    private static JsonNode dashboard;
    private static List<JsonNode> panels;

    @BeforeAll
    static void readDashboard() throws IOException {
        dashboard = new ObjectMapper().readTree(GRAFANA.resolve("dashboards/superpose.json").toFile());
        panels = new ArrayList<>();
        dashboard.get("panels").forEach(panels::add);
    }

    @Test
    void dashboardHasAFixedUidAndASweepVariableFromPrometheus() {
        assertEquals("superpose-sweeps", dashboard.path("uid").asText());
        JsonNode sweep = null;
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("name").asText().equals("sweep")) {
                sweep = variable;
            }
        }
        assertTrue(sweep != null, "a 'sweep' template variable");
        assertEquals("query", sweep.path("type").asText());
        assertEquals(DATASOURCE_UID, sweep.path("datasource").path("uid").asText());
        assertTrue(sweep.path("query").path("query").asText().matches("label_values\\(superpose_\\w+, sweep\\)"));
    }

    @Test
    void everyPanelHasATitleUnitDatasourceAndQueries() {
        assertTrue(panels.size() >= 10, "panels: " + panels.size());
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            assertFalse(title.isBlank(), panel.toString());
            assertFalse(panel.path("fieldConfig").path("defaults").path("unit").asText().isBlank(), title + ": unit");
            assertEquals(DATASOURCE_UID, panel.path("datasource").path("uid").asText(), title + ": datasource");
            assertTrue(panel.path("targets").size() > 0, title + ": queries");
            for (JsonNode target : panel.path("targets")) {
                assertFalse(target.path("expr").asText().isBlank(), title + ": expr");
                assertEquals(DATASOURCE_UID, target.path("datasource").path("uid").asText(), title + ": target datasource");
            }
        }
    }

    @Test
    void panelIdsAreUnique() {
        assertEquals(panels.size(), panels.stream().map(p -> p.path("id").asInt()).distinct().count());
    }

    @Test
    void everyRangeUsesRateInterval() {
        Pattern range = Pattern.compile("\\[([^\\]]*)]");
        int ranges = 0;
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                Matcher m = range.matcher(target.path("expr").asText());
                while (m.find()) {
                    assertEquals("$__rate_interval", m.group(1), panel.path("title").asText() + ": " + target);
                    ranges++;
                }
            }
        }
        // the loops must have checked something: the dashboard's rate panels use range vectors
        assertTrue(ranges >= 3, "range vectors checked: " + ranges);
    }

    @Test
    void everySweepMeterOfTheDashboardIsFilteredBySweep() {
        Pattern sweepMeter = Pattern.compile("superpose_(sweep|train|stack|trial|checkpoint|eval|h2)_\\w+(\\{[^}]*})?");
        int meters = 0;
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                Matcher m = sweepMeter.matcher(target.path("expr").asText());
                while (m.find()) {
                    assertTrue(m.group(0).contains("sweep=\"$sweep\""), panel.path("title").asText() + ": " + m.group(0));
                    meters++;
                }
            }
        }
        assertTrue(meters >= 10, "sweep meters checked: " + meters);
    }

    @Test
    void provisioningPointsGrafanaAtTheDatasourceAndTheDashboard() throws IOException {
        String datasource = Files.readString(GRAFANA.resolve("provisioning/datasources/prometheus.yaml"));
        assertTrue(datasource.contains("apiVersion: 1"));
        assertTrue(datasource.contains("type: prometheus"));
        assertTrue(datasource.contains("uid: " + DATASOURCE_UID), "the uid the dashboard refers to");
        assertTrue(datasource.contains("url: http://127.0.0.1:9090"));

        String dashboards = Files.readString(GRAFANA.resolve("provisioning/dashboards/superpose.yaml"));
        assertTrue(dashboards.contains("apiVersion: 1"));
        assertTrue(dashboards.contains("type: file"));
        assertTrue(dashboards.contains("path: /var/lib/grafana/dashboards/superpose"));

        String prometheus = Files.readString(Path.of("config/prometheus.yml"));
        assertTrue(prometheus.contains("job_name: superpose"));
        assertTrue(prometheus.contains("127.0.0.1:" + SuperposeMetrics.DEFAULT_PORT));
        assertTrue(prometheus.contains("metrics_path: /metrics"));
    }
}

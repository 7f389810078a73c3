package org.acme.shop.views;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.acme.shop.testing.PackagedApp;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged app, killed with {@code kill -9} between counting views and flushing them, and started again: the
 * views are in PostgreSQL once. To catch the first instance in the middle of its flush, the test holds the product's
 * count row locked: the flusher has read the entries ({@code XREADGROUP}, so they are pending with it) and waits on
 * the lock when it is killed. The second instance claims them ({@code XAUTOCLAIM}) and writes them.
 */
class ViewsSurviveAKilledInstanceIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * A key prefix of this test's own (still under {@code shop:}): its stream holds only the views it counts, not the
     * entries that the other tests of the run left in the shared stream, which the first instance would have to work
     * through (or claim) before it reached this test's entry.
     */
    private final String prefix = "shop:it" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void removeTheKeysOfThisPrefix() throws Exception {
        String hosts = System.getenv("QUARKUS_REDIS_HOSTS");
        Process scan = new ProcessBuilder("redis-cli", "-u", hosts, "--scan", "--pattern", prefix + ":*")
                .redirectErrorStream(true).start();
        List<String> found = new String(scan.getInputStream().readAllBytes()).lines().filter(l -> !l.isBlank())
                .toList();
        assertThat(scan.waitFor()).isZero();
        for (String key : found) {
            Process unlink = new ProcessBuilder("redis-cli", "-u", hosts, "UNLINK", key).redirectErrorStream(true)
                    .start();
            unlink.getInputStream().readAllBytes();
            assertThat(unlink.waitFor()).isZero();
        }
    }

    @Test
    void viewsOfAnInstanceKilledInTheMiddleOfItsFlushAreFlushedOnceByTheNextOne() throws Exception {
        int viewsCounted = 40;
        long id;
        // Two connections: db holds the row lock in its transaction; watcher polls pg_stat_activity outside of one,
        // because PostgreSQL keeps the first snapshot of the statistics views until the transaction ends.
        try (Connection db = connect(); Connection watcher = connect()) {
            id = newProductWithItsCountRow(db);
            db.setAutoCommit(false);
            query(db, "select views from product_view_count where product_id = ? for update", id);

            PackagedApp first = PackagedApp.start("views-killed", environment("60s"));
            try {
                for (int i = 0; i < viewsCounted; i++) {
                    assertThat(get(first, "/api/products/" + id).statusCode()).isEqualTo(200);
                }
                await("the views reach Redis").atMost(Duration.ofSeconds(10))
                        .until(() -> stats(first, id).path("pending").asLong() == viewsCounted);
                try {
                    await("the first instance's flusher waits on the row lock").atMost(Duration.ofSeconds(10))
                            .until(() -> query(watcher, """
                                    select count(*) from pg_stat_activity
                                    where wait_event_type = 'Lock' and query like '%product_view_count%'
                                      and pid <> pg_backend_pid()""", null) > 0);
                } catch (ConditionTimeoutException e) {
                    first.dumpThreads();                     // where the flusher was instead
                    throw e;
                }
            } finally {
                first.kill();
            }
            db.rollback();                                   // releases the row
        }

        try (PackagedApp second = PackagedApp.start("views-restarted", environment("2s"))) {
            await("the next instance claims and flushes them").atMost(Duration.ofSeconds(30))
                    .until(() -> stats(second, id).path("pending").asLong() == 0);
            JsonNode stats = stats(second, id);
            assertThat(stats.path("flushed").asLong()).as("each view once").isEqualTo(viewsCounted);
            assertThat(stats.path("total").asLong()).isEqualTo(viewsCounted);
        }
    }

    /** The local services of the test run; the claim idle time of the instance's flusher. */
    private Map<String, String> environment(String claimIdle) {
        Map<String, String> environment = PackagedApp.testServers();
        environment.put("CATALOG_SAMPLE_DATA_ENABLED", "false");
        environment.put("VIEWS_FLUSH_CLAIM_IDLE", claimIdle);
        environment.put("CACHE_KEY_PREFIX", prefix);
        return environment;
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(System.getenv("QUARKUS_DATASOURCE_JDBC_URL"),
                System.getenv("QUARKUS_DATASOURCE_USERNAME"), System.getenv("QUARKUS_DATASOURCE_PASSWORD"));
    }

    private static long newProductWithItsCountRow(Connection db) throws SQLException {
        long id;
        try (PreparedStatement insert = db.prepareStatement("""
                insert into product (sku, name, price, category) values (?, 'Kettle counted by a killed app', 10, 'Kitchen')
                returning id""")) {
            insert.setString(1, "VIEWS-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase());
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                id = row.getLong(1);
            }
        }
        try (PreparedStatement insert = db.prepareStatement(
                "insert into product_view_count (product_id, views) values (?, 0)")) {
            insert.setLong(1, id);
            insert.executeUpdate();
        }
        return id;
    }

    private static long query(Connection db, String sql, Long parameter) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            if (parameter != null) {
                statement.setLong(1, parameter);
            }
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    private HttpResponse<String> get(PackagedApp app, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(app.uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode stats(PackagedApp app, long id) throws Exception {
        HttpResponse<String> response = get(app, "/api/products/" + id + "/stats");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}

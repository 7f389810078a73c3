package org.acme.shop.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.junit.jupiter.api.Test;

/**
 * The app connects to PostgreSQL as a role that is no superuser and owns only the app's schema. The init script that
 * creates it ({@code k8s/postgres-initdb/10-app-role.sh}, which Kubernetes and compose both mount) is run here, as
 * the image's entrypoint would, against a fresh database of the tests' PostgreSQL (the server of
 * {@code QUARKUS_DATASOURCE_JDBC_URL}); then the migrations (the files Flyway runs at start-up, in order) run as that
 * role and its limits are checked. The database and the role are dropped afterwards.
 * <p>
 * The script runs as a superuser, as in the image: {@code CATALOG_TEST_ADMIN_USER} with
 * {@code CATALOG_TEST_ADMIN_PASSWORD}, which {@code bin/local-services} creates and exports (default {@code postgres}
 * with no password, for a server that trusts local connections).
 */
class DatabaseRoleTest {

    private static final URI SERVER = URI.create(System.getenv()
            .getOrDefault("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/postgres")
            .substring("jdbc:".length()));
    private static final String HOST = SERVER.getHost();
    private static final int PORT = SERVER.getPort() < 0 ? 5432 : SERVER.getPort();
    private static final String SUPERUSER = System.getenv().getOrDefault("CATALOG_TEST_ADMIN_USER", "postgres");
    private static final String SUPERUSER_PASSWORD = System.getenv().getOrDefault("CATALOG_TEST_ADMIN_PASSWORD", "");

    private final List<HasMetadata> objects = DeploymentFiles.kubernetesObjects();

    @Test
    void theAppsRoleIsCreatedByTheInitScriptAndIsNoSuperuser() {
        StatefulSet postgres = one(StatefulSet.class, "catalog-postgres");
        Map<String, EnvVar> env = new HashMap<>();
        postgres.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().forEach(e -> env.put(e.getName(), e));
        String appUser = one(ConfigMap.class, "catalog-cache-config").getData().get("QUARKUS_DATASOURCE_USERNAME");
        assertThat(env.get("APP_DB_USER").getValue()).as("the init script creates the role the app logs in as")
                .isEqualTo(appUser);
        assertThat(env.get("POSTGRES_USER").getValue()).as("the superuser is another role").isNotEqualTo(appUser);
        assertThat(postgres.getSpec().getTemplate().getSpec().getVolumes())
                .anySatisfy(v -> assertThat(v.getConfigMap().getName()).isEqualTo("catalog-postgres-initdb"));
    }

    @Test
    void migrationsRunAsARoleThatOwnsOnlyItsSchema() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String db = "catalog_role_test_" + suffix;
        String role = "catalog_role_test_" + suffix;
        String password = "local-test-only-" + suffix;
        superuser("create database " + db);
        try {
            String script = DeploymentFiles.generatedConfigMaps().get("catalog-postgres-initdb").get("10-app-role.sh");
            int exit = runInit(script, db, role, password);
            assertThat(exit).as("the init script").isZero();

            String url = "jdbc:postgresql://" + HOST + ":" + PORT + "/" + db;
            try (Connection app = DriverManager.getConnection(url, role, password);
                    Statement sql = app.createStatement()) {
                for (Path migration : migrations()) {                        // what Flyway runs at start-up, in order
                    sql.execute(Files.readString(migration));
                }
                try (ResultSet rs = sql.executeQuery(
                        "select rolsuper, rolcreatedb, rolcreaterole from pg_roles where rolname = current_user")) {
                    rs.next();
                    assertThat(List.of(rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3))).containsOnly(false);
                }
                try (ResultSet rs = sql.executeQuery("select table_schema from information_schema.tables "
                        + "where table_name in ('product', 'app_user', 'reservation', 'stock')")) {
                    int tables = 0;
                    while (rs.next()) {
                        assertThat(rs.getString(1)).as("the app's tables are in its own schema").isEqualTo(role);
                        tables++;
                    }
                    assertThat(tables).isEqualTo(4);
                }
                assertThatThrownBy(() -> sql.execute("create table public.intruder (id int)"))
                        .as("no CREATE on public").isInstanceOf(SQLException.class);
                assertThatThrownBy(() -> sql.execute("create database another_" + suffix))
                        .as("no CREATEDB").isInstanceOf(SQLException.class);
            }
        } finally {
            superuser("drop database if exists " + db + " with (force)");
            superuser("drop role if exists " + role);
        }
    }

    private static List<Path> migrations() throws IOException {
        try (Stream<Path> files = Files.list(DeploymentFiles.ROOT.resolve("src/main/resources/db/migration"))) {
            return files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted(Comparator.comparingInt(f -> Integer.parseInt(f.getFileName().toString().split("__")[0].substring(1))))
                    .toList();
        }
    }

    /**
     * Runs the script as the image's entrypoint does: its variables set, psql as the superuser. The image's psql
     * needs no password on its local socket; this one reaches the server over TCP, so it is given the password.
     */
    private static int runInit(String script, String db, String role, String password)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(Map.of("PGHOST", HOST, "PGPORT", Integer.toString(PORT),
                "PGPASSWORD", SUPERUSER_PASSWORD, "POSTGRES_USER", SUPERUSER, "POSTGRES_DB", db,
                "APP_DB_USER", role, "APP_DB_PASSWORD", password));
        return builder.start().waitFor();
    }

    private static void superuser(String statement) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT
                + "/postgres", SUPERUSER, SUPERUSER_PASSWORD); Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }

    private <T extends HasMetadata> T one(Class<T> type, String name) {
        List<T> found = objects.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> name.equals(o.getMetadata().getName())).toList();
        assertThat(found).as("%s %s", type.getSimpleName(), name).hasSize(1);
        return found.get(0);
    }
}

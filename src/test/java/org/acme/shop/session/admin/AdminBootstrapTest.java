package org.acme.shop.session.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.acme.shop.http.Roles;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.Products;
import org.acme.shop.user.UserService;
import org.junit.jupiter.api.Test;

/** The first admin from configuration: created, or promoted and re-passworded, idempotently and race-free. */
@QuarkusTest
class AdminBootstrapTest {

    private static final String NEW_PASSWORD = "a brand new admin password";

    @Inject
    UserService users;

    @Inject
    DataSource dataSource;

    @Test
    void theConfiguredAdminExistsAfterStartUpAndMayWrite() {
        String token = Accounts.login(Accounts.adminEmail(), Accounts.adminPassword());
        Accounts.as(token).when().get("/api/users/me").then().statusCode(200);
        assertThat(Products.create()).isPositive();
        assertThat(users.setAdmin(Accounts.adminEmail(), Accounts.adminPassword()).changed())
                .as("a second start-up with the same settings changes nothing").isFalse();
    }

    @Test
    void concurrentStartUpsCreateOneAdmin() throws Exception {
        String email = Accounts.uniqueEmail();
        int instances = 6;
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<UserService.AdminSet>> results = new ArrayList<>();
        try {
            for (int i = 0; i < instances; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return users.setAdmin(email, NEW_PASSWORD);
                }));
            }
            start.countDown();
            List<Long> ids = new ArrayList<>();
            for (Future<UserService.AdminSet> result : results) {
                ids.add(result.get().userId());                 // none of them failed
            }
            assertThat(ids).as("every instance ended on the same row").containsOnly(ids.get(0));
        } finally {
            pool.shutdownNow();
        }
        assertThat(rowsWithRole(email, Roles.ADMIN)).isEqualTo(1);
        Accounts.as(Accounts.login(email, NEW_PASSWORD)).contentType(ContentType.JSON).body(Products.newBody())
                .when().post("/api/products").then().statusCode(201);
    }

    @Test
    void anExistingCustomerIsPromotedAndRepassworded() throws Exception {
        String email = Accounts.uniqueEmail();
        Accounts.register(email);
        String customer = Accounts.login(email);
        Accounts.as(customer).contentType(ContentType.JSON).body(Products.newBody())
                .when().post("/api/products").then().statusCode(403);

        assertThat(users.setAdmin(email.toUpperCase(), NEW_PASSWORD).changed()).isTrue();

        assertThat(rowsWithRole(email, Roles.ADMIN)).isEqualTo(1);
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", Accounts.PASSWORD))
                .when().post("/api/sessions").then().statusCode(401);
        Accounts.as(Accounts.login(email, NEW_PASSWORD)).contentType(ContentType.JSON).body(Products.newBody())
                .when().post("/api/products").then().statusCode(201);
    }

    private int rowsWithRole(String email, String role) throws Exception {
        try (var connection = dataSource.getConnection();
                var statement = connection.prepareStatement("select count(*) from app_user where email = ? and role = ?")) {
            statement.setString(1, email);
            statement.setString(2, role);
            try (var rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}

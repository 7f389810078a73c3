package org.acme.shop.bestsellers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.restassured.http.ContentType;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.Products;

/** Arranges sales through the API (a product with stock, reservations confirmed by a customer) and dates them in SQL. */
@ApplicationScoped
public class Sales {

    private final DataSource dataSource;

    public Sales(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A product of a test's own: its id and sku. */
    record Item(long id, String sku) {
    }

    /** A new product with stock. */
    static Item productWithStock(int available) {
        String sku = Products.uniqueSku();
        long id = Products.create(Products.body(sku, "Best seller " + sku, "9.99", "Kitchen"));
        Accounts.asAdmin().contentType(ContentType.JSON).body(Map.of("available", available))
                .when().put("/api/inventory/" + sku).then().statusCode(200);
        return new Item(id, sku);
    }

    static String reserve(String sku, int quantity) {
        return Accounts.asCustomer().contentType(ContentType.JSON).body(Map.of("quantity", quantity))
                .when().post("/api/inventory/" + sku + "/reservations")
                .then().statusCode(201).extract().jsonPath().getString("id");
    }

    static void confirm(String reservationId) {
        Accounts.asCustomer().when().post("/api/inventory/reservations/" + reservationId + "/confirm")
                .then().statusCode(200);
    }

    /** Reserves and confirms {@code quantity} units; returns the reservation id. */
    static String sell(String sku, int quantity) {
        String id = reserve(sku, quantity);
        confirm(id);
        return id;
    }

    /** Moves a confirmed reservation's confirmation {@code days} days into the past, as if it had sold then. */
    void backdate(String reservationId, int days) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(
                "update reservation set confirmed_at = confirmed_at - make_interval(days => ?) where id = ?::uuid")) {
            statement.setInt(1, days);
            statement.setString(2, reservationId);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.acme.shop.inventory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads PostgreSQL with plain JDBC, around the application's code, so that a test compares the API and Redis with
 * what the database itself holds.
 */
@ApplicationScoped
public class StockRows {

    private final DataSource dataSource;

    public StockRows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The stock row of a sku, or {@code null} when it has none. */
    public StockLevel row(String sku) {
        return query("select sku, available, reserved, version from stock where sku = ?", sku, rs -> rs.next()
                ? new StockLevel(rs.getString("sku"), rs.getInt("available"), rs.getInt("reserved"), rs.getLong("version"))
                : null);
    }

    /** The units held by the sku's HELD reservations, which {@code stock.reserved} must always equal. */
    public int activelyReserved(String sku) {
        return unitsIn(sku, "HELD");
    }

    /** The units of the sku's reservations in one status. */
    public int unitsIn(String sku, String status) {
        return query("select coalesce(sum(quantity), 0) from reservation where sku = ? and status = '" + status + "'",
                sku, rs -> rs.next() ? rs.getInt(1) : 0);
    }

    /** Moves a reservation's hold into the past, as if {@code inventory.reservation-hold} had run out. */
    public void expireHold(String reservationId) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(
                "update reservation set expires_at = now() - interval '1 second' where id = ?::uuid")) {
            statement.setString(1, reservationId);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public int reservations(String sku) {
        return query("select count(*) from reservation where sku = ?", sku, rs -> rs.next() ? rs.getInt(1) : 0);
    }

    private interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> T query(String sql, String sku, Reader<T> reader) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, sku);
            try (ResultSet rs = statement.executeQuery()) {
                return reader.read(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

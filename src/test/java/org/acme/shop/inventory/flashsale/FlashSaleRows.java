package org.acme.shop.inventory.flashsale;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/** Reads a flash sale's rows in PostgreSQL with plain JDBC, around the application's code. */
@ApplicationScoped
public class FlashSaleRows {

    /** The sale's row: {@code quantity}, {@code taken}, and whether it has ended. */
    public record Sale(long id, int quantity, int taken, boolean ended) {
    }

    private final DataSource dataSource;

    public FlashSaleRows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The newest sale of a sku. */
    public Sale sale(String sku) {
        return query("select id, quantity, taken, ended_at is not null as ended from flash_sale where sku = ? "
                + "order by id desc limit 1", sku, rs -> rs.next()
                ? new Sale(rs.getLong("id"), rs.getInt("quantity"), rs.getInt("taken"), rs.getBoolean("ended"))
                : null);
    }

    /** The ids of the reservations made in the sku's flash sales. */
    public List<String> reservationIds(String sku) {
        return query("select r.id from reservation r join flash_sale f on f.id = r.flash_sale_id where f.sku = ?",
                sku, rs -> {
                    List<String> ids = new ArrayList<>();
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                    return ids;
                });
    }

    /** The units of the reservations made in the sku's flash sales, whatever their status. */
    public int unitsReserved(String sku) {
        return query("select coalesce(sum(r.quantity), 0) from reservation r join flash_sale f on f.id = r.flash_sale_id "
                + "where f.sku = ?", sku, rs -> rs.next() ? rs.getInt(1) : 0);
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

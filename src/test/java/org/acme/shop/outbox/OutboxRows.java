package org.acme.shop.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/** Reads and plants rows of {@code cache_outbox} with plain JDBC, next to the application's own transactions. */
@ApplicationScoped
public class OutboxRows {

    private final DataSource dataSource;

    public OutboxRows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Rows waiting for this product or this sku. */
    public long pending(long productId, String sku) {
        return query("select count(*) from cache_outbox where product_id = ? or stock_sku = ?", productId, sku);
    }

    public long pendingForSku(String sku) {
        return query("select count(*) from cache_outbox where stock_sku = ?", sku);
    }

    /** Whether every row of this sku is old enough for the relay to take it (see OutboxRelay.REQUEST_GRACE). */
    public boolean allDueForSku(String sku) {
        return query("select count(*) from cache_outbox where stock_sku = ? and created_at > now() - interval '1 second'",
                sku) == 0;
    }

    /** A row as a writer long ago would have left it: an old stock state of this sku, written a minute ago. */
    public void plantStockRow(String sku, int available, int reserved, long version) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement("""
                insert into cache_outbox (created_at, stock_sku, stock_available, stock_reserved, stock_version)
                values (now() - interval '1 minute', ?, ?, ?, ?)
                """)) {
            insert.setString(1, sku);
            insert.setInt(2, available);
            insert.setInt(3, reserved);
            insert.setLong(4, version);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long query(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

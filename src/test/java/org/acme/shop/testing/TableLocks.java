package org.acme.shop.testing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * For tests that hold a PostgreSQL table lock to keep a load in the middle of its read: how many reads of the product
 * table wait for a lock now, which tells the test that the loads it started have begun.
 */
public final class TableLocks {

    private TableLocks() {
    }

    /** SELECTs on {@code product} waiting for a lock; {@code sql} may belong to the transaction holding it. */
    public static int productSelectsWaiting(Statement sql) throws SQLException {
        sql.execute("select pg_stat_clear_snapshot()");   // else the transaction sees its first snapshot again
        try (ResultSet rs = sql.executeQuery("""
                        select count(*) from pg_stat_activity
                        where datname = current_database() and wait_event_type = 'Lock' and query ilike 'select%product%'
                        """)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}

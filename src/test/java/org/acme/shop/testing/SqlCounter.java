package org.acme.shop.testing;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;

/**
 * Counts the SQL statements Hibernate prepares (statistics are on in the test profile), to prove that a cache hit
 * does not reach the database.
 */
@ApplicationScoped
public class SqlCounter {

    private final Statistics statistics;

    public SqlCounter(SessionFactory sessionFactory) {
        this.statistics = sessionFactory.getStatistics();
    }

    public long statements() {
        return statistics.getPrepareStatementCount();
    }
}

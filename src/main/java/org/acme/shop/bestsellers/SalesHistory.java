package org.acme.shop.bestsellers;

import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import org.acme.shop.catalog.Product;

/**
 * What PostgreSQL knows about sales: the confirmed reservations, which are the truth the day keys count. Read-only
 * queries, one short transaction each.
 */
@ApplicationScoped
@Transactional(TxType.REQUIRED)
public class SalesHistory {

    private final EntityManager entityManager;

    public SalesHistory(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** The id of the product that has this sku; empty when it was deleted since the reservation was made. */
    public Optional<Long> productIdOfSku(String sku) {
        return Product.find("select id from Product where sku = ?1", sku).project(Long.class).firstResultOptional();
    }

    /**
     * Units sold per UTC day and product from {@code since} on: the confirmed reservations grouped as
     * {@link BestSellers#recordSale} counts them (by the day of {@code confirmed_at}, by the product that has the sku
     * now; sales of deleted products are left out).
     */
    public Map<LocalDate, Map<Long, Long>> dailyUnits(LocalDate since) {
        // Native: at time zone 'UTC' cuts the days at UTC midnight; a cast in HQL would follow the connection's zone.
        List<?> rows = entityManager.createNativeQuery("""
                select cast(r.confirmed_at at time zone 'UTC' as date) as day, p.id as product_id,
                       sum(r.quantity) as units
                from reservation r join product p on p.sku = r.sku
                where r.status = 'CONFIRMED' and r.confirmed_at >= :since
                group by 1, 2
                """, Tuple.class)
                .setParameter("since", since.atStartOfDay().atOffset(ZoneOffset.UTC))
                .getResultList();
        Map<LocalDate, Map<Long, Long>> days = new LinkedHashMap<>();
        for (Object row : rows) {
            Tuple tuple = (Tuple) row;
            Object date = tuple.get("day");                  // the driver's type for a SQL date
            LocalDate day = date instanceof LocalDate local ? local : ((Date) date).toLocalDate();
            days.computeIfAbsent(day, d -> new LinkedHashMap<>())
                    .put(((Number) tuple.get("product_id")).longValue(), ((Number) tuple.get("units")).longValue());
        }
        return days;
    }

    /** Units sold per product from {@code since} on: what a ranking reads when Redis cannot answer. */
    public Map<Long, Long> units(LocalDate since) {
        Map<Long, Long> total = new LinkedHashMap<>();
        dailyUnits(since).values().forEach(day -> day.forEach((id, units) -> total.merge(id, units, Long::sum)));
        return total;
    }
}

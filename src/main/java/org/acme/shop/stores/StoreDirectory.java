package org.acme.shop.stores;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

/** The {@code store} and {@code store_stock} tables: read-only queries, one short transaction each. */
@ApplicationScoped
@Transactional(TxType.REQUIRED)
public class StoreDirectory {

    /** A row of {@code store}, with the units of one sku when a sku was asked for. */
    public record Store(long id, String code, String name, String city, double latitude, double longitude,
            Integer units) {
    }

    private final EntityManager entityManager;

    public StoreDirectory(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Every store: what the GEO key mirrors, and what a search without Redis filters. */
    public List<Store> all(String sku) {
        return query("", sku, List.of());
    }

    /** The stores of these ids, by primary key, with their units of {@code sku} (0 without a row) if it is given. */
    public Map<Long, Store> byId(Collection<Long> ids, String sku) {
        Map<Long, Store> stores = new HashMap<>();
        query("where s.id in (:ids)", sku, ids).forEach(store -> stores.put(store.id(), store));
        return stores;
    }

    private List<Store> query(String where, String sku, Collection<Long> ids) {
        // Plain SQL, no PostgreSQL feature: the one query of two tables no entity maps; two entities would outweigh it.
        String sql = """
                select s.id, s.code, s.name, s.city, s.latitude, s.longitude, coalesce(st.units, 0) as units
                from store s left join store_stock st on st.store_id = s.id and st.sku = :sku
                """ + where;
        var query = entityManager.createNativeQuery(sql, Tuple.class).setParameter("sku", sku == null ? "" : sku);
        if (!where.isEmpty()) {
            query.setParameter("ids", ids);
        }
        return ((List<?>) query.getResultList()).stream().map(Tuple.class::cast).map(row -> new Store(
                ((Number) row.get("id")).longValue(), (String) row.get("code"), (String) row.get("name"),
                (String) row.get("city"), ((Number) row.get("latitude")).doubleValue(),
                ((Number) row.get("longitude")).doubleValue(),
                sku == null ? null : ((Number) row.get("units")).intValue())).toList();
    }
}

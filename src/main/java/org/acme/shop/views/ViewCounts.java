package org.acme.shop.views;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

/**
 * The view counts in PostgreSQL ({@code product_view_count}) and the ids of the stream entries already added
 * ({@code product_view_entry}). SQL only, no Redis.
 */
@ApplicationScoped
public class ViewCounts {

    /** The views of one product in one stream entry. */
    public record Delta(String entryId, long productId, long views) {
    }

    private final EntityManager em;

    public ViewCounts(EntityManager em) {
        this.em = em;
    }

    /**
     * Adds the deltas of the entries not added before, in one statement, and returns how many views that was (an
     * entry holds the deltas of every product of one send). The
     * entry ids go into {@code product_view_entry} first ({@code ON CONFLICT DO NOTHING}); only the ids that went
     * in count. A second flusher that holds some of the same entries (it claimed them from one that died after its
     * commit) adds nothing for them, and one that runs at the same moment waits on the row of the id, then skips it.
     * Views of a product deleted meanwhile are dropped (the join), so they cannot fail the batch for ever.
     */
    @Transactional(TxType.MANDATORY)
    public long add(List<Delta> deltas) {
        // Native: one CTE that inserts ON CONFLICT, RETURNING the fresh ids, and upserts the counts in one round trip.
        Object added = em.createNativeQuery("""
                with entry as (
                    select * from unnest(string_to_array(:entries, ','), string_to_array(:products, ',')::bigint[],
                                         string_to_array(:views, ',')::bigint[]) as e(entry_id, product_id, views)
                ), fresh as (
                    insert into product_view_entry (entry_id) select distinct entry_id from entry
                    on conflict do nothing
                    returning entry_id
                ), delta as (
                    select e.product_id, sum(e.views) as views
                    from entry e join fresh using (entry_id) join product p on p.id = e.product_id
                    group by e.product_id
                ), counted as (
                    insert into product_view_count as c (product_id, views) select product_id, views from delta
                    on conflict (product_id) do update set views = c.views + excluded.views, updated_at = now()
                    returning 1
                )
                select coalesce(sum(views), 0) from delta
                """)
                .setParameter("entries", join(deltas, Delta::entryId))
                .setParameter("products", join(deltas, d -> Long.toString(d.productId())))
                .setParameter("views", join(deltas, d -> Long.toString(d.views())))
                .getSingleResult();
        return ((Number) added).longValue();
    }

    /** Redis has acknowledged these entries: they can never be delivered again, and their ids are no longer needed. */
    @Transactional(TxType.REQUIRES_NEW)
    public void forget(List<String> entryIds) {
        // Native: = any(string_to_array(…)) binds one parameter however many ids a batch acknowledged.
        em.createNativeQuery("delete from product_view_entry where entry_id = any(string_to_array(:entries, ','))")
                .setParameter("entries", String.join(",", entryIds))
                .executeUpdate();
    }

    /** The flushed views of a product; empty when no product has this id. */
    @Transactional(TxType.SUPPORTS)
    public Optional<Long> flushed(long productId) {
        // Plain SQL, no PostgreSQL feature: product_view_count has no entity, and this package does not import catalog.
        List<?> rows = em.createNativeQuery("""
                select coalesce(v.views, 0) from product p left join product_view_count v on v.product_id = p.id
                where p.id = :id
                """).setParameter("id", productId).getResultList();
        return rows.stream().findFirst().map(views -> ((Number) views).longValue());
    }

    private static String join(List<Delta> deltas, Function<Delta, String> field) {
        return deltas.stream().map(field).collect(Collectors.joining(","));
    }
}

package org.acme.shop.views;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import io.quarkus.narayana.jta.QuarkusTransaction;

/** The view rows in PostgreSQL, read and written as a test needs them. */
@ApplicationScoped
class ViewRows {

    private final EntityManager em;

    ViewRows(EntityManager em) {
        this.em = em;
    }

    /** The views PostgreSQL holds for a product; 0 without a row. */
    long flushed(long productId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select coalesce(sum(views), 0) from product_view_count where product_id = :id")
                .setParameter("id", productId).getSingleResult()).longValue());
    }

    /** How many of these entry ids PostgreSQL still keeps as flushed. */
    long entryIdsKept(java.util.List<String> entryIds) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from product_view_entry where entry_id = any(string_to_array(:ids, ','))")
                .setParameter("ids", String.join(",", entryIds)).getSingleResult()).longValue());
    }
}

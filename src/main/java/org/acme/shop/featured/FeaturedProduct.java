package org.acme.shop.featured;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A row of {@code featured_product}: the product at one position of the admin's list. Persistence mapping only; the
 * product is named by its id, not mapped, because the list is read as ids and the products loaded in one query.
 */
@Entity
@Table(name = "featured_product")
public class FeaturedProduct extends PanacheEntityBase {

    /** From 0, the order of the list. */
    @Id
    public Integer position;

    @Column(name = "product_id", nullable = false)
    public Long productId;

    protected FeaturedProduct() {
    }

    FeaturedProduct(int position, long productId) {
        this.position = position;
        this.productId = productId;
    }
}

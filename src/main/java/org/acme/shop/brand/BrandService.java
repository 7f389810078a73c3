package org.acme.shop.brand;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import io.quarkus.panache.common.Sort;

/** Reads brands from PostgreSQL: the loaders of {@link BrandCache}, and the product writes' look-up by slug. */
@ApplicationScoped
@Transactional(TxType.REQUIRED)
public class BrandService {

    public List<BrandView> all() {
        return Brand.<Brand>listAll(Sort.ascending("name", "slug")).stream().map(BrandView::of).toList();
    }

    public Optional<BrandView> find(String slug) {
        return bySlug(slug).map(BrandView::of);
    }

    /** The entity, for a product that references it; joins the caller's transaction. */
    public Optional<Brand> bySlug(String slug) {
        return Brand.<Brand>find("slug", slug).firstResultOptional();
    }
}

package org.acme.shop.featured;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import org.acme.shop.catalog.Product;
import org.acme.shop.catalog.ProductView;
import org.acme.shop.http.problem.Conflict;
import org.acme.shop.http.problem.InvalidParameter;
import org.hibernate.exception.ConstraintViolationException;

/** The featured list in PostgreSQL: the admin's, or the newest products while there is none. Knows nothing of Redis. */
@ApplicationScoped
@Transactional(TxType.REQUIRED)
public class FeaturedService {

    private final Event<FeaturedChanged> changes;
    private final FeaturedConfig config;

    public FeaturedService(Event<FeaturedChanged> changes, FeaturedConfig config) {
        this.changes = changes;
        this.config = config;
    }

    /** What {@code GET /api/products/featured} answers: the loader of {@link FeaturedCache}. */
    public List<ProductView> current() {
        List<Long> curated = curatedIds();
        if (curated.isEmpty()) {
            return Product.<Product>findAll(Sort.descending("createdAt", "id")).page(Page.ofSize(config.size()))
                    .list().stream().map(ProductView::of).toList();
        }
        Map<Long, Product> byId = Product.<Product>list("id in ?1", curated).stream()
                .collect(Collectors.toMap(p -> p.id, Function.identity()));
        // A product deleted between the two queries has left the list (on delete cascade): skip it.
        return curated.stream().map(byId::get).filter(Objects::nonNull).map(ProductView::of).toList();
    }

    /** Replaces the curated list; an unknown or repeated id is a {@code 400} naming {@code productIds}. */
    public void replace(List<Long> productIds) {
        if (new HashSet<>(productIds).size() != productIds.size()) {
            throw new InvalidParameter("productIds", "Each product may be featured once");
        }
        if (!productIds.isEmpty() && Product.count("id in ?1", productIds) != productIds.size()) {
            throw new InvalidParameter("productIds", "Every id must name an existing product");
        }
        try {
            FeaturedProduct.deleteAll();                                      // one bulk delete, no row loaded
            for (int position = 0; position < productIds.size(); position++) {
                new FeaturedProduct(position, productIds.get(position)).persist();
            }
            FeaturedProduct.flush();             // the inserts run here: a clash is a 409 here, not a failed commit
        } catch (ConstraintViolationException e) {
            // Another admin's list committed between our delete and insert, or a product was deleted meanwhile.
            throw new Conflict("The featured list or one of its products changed meanwhile; send it again");
        }
        changes.fire(new FeaturedChanged());
    }

    private List<Long> curatedIds() {
        return FeaturedProduct.find("select productId from FeaturedProduct order by position").project(Long.class)
                .list();
    }
}

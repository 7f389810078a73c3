package org.acme.shop.catalog;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import org.acme.shop.brand.Brand;
import org.acme.shop.brand.BrandService;
import org.acme.shop.catalog.cache.CatalogInvalidation;
import org.acme.shop.catalog.listing.CategoryCount;
import org.acme.shop.http.problem.Conflict;
import org.acme.shop.http.problem.InvalidParameter;
import org.acme.shop.http.problem.NotFound;
import org.acme.shop.outbox.CacheOutbox;
import org.hibernate.exception.ConstraintViolationException;

/**
 * Reads and writes products in PostgreSQL. It owns the transactions and knows nothing of Redis: each write records in
 * the {@link CacheOutbox}, inside its transaction, that the product's cached copies must go, and fires
 * {@link ProductChanged}; {@link CatalogInvalidation} acts on it only if the transaction commits, and the outbox relay
 * does if that fails.
 */
@ApplicationScoped
@Transactional(TxType.REQUIRED)
public class ProductService {

    private static final Sort NEWEST_FIRST = Sort.descending("createdAt", "id");

    private final Event<ProductChanged> changes;
    private final CacheOutbox outbox;
    private final BrandService brands;

    public ProductService(Event<ProductChanged> changes, CacheOutbox outbox, BrandService brands) {
        this.changes = changes;
        this.outbox = outbox;
        this.brands = brands;
    }

    // Reads join the class's transaction too: one short (read-only in effect) transaction per load.
    public Optional<ProductView> find(long id) {
        return Product.<Product>findByIdOptional(id).map(ProductView::of);
    }

    /** The products of these ids that exist, in no particular order: one {@code select … where id in (…)}. */
    public List<ProductView> findAll(Collection<Long> ids) {
        return Product.<Product>list("id in ?1", ids).stream().map(ProductView::of).toList();
    }

    /** The highest id in the table, 0 when it is empty: one lookup at the end of the primary key index. */
    public long highestId() {
        Long highest = Product.find("select max(id) from Product").project(Long.class).singleResult();
        return highest == null ? 0 : highest;
    }

    public ProductPage page(String category, int page, int size) {
        var query = category == null ? Product.<Product>findAll(NEWEST_FIRST)
                : Product.<Product>find("lower(category) = lower(?1)", NEWEST_FIRST, category);
        query.page(Page.of(page, size));
        long total = query.count();
        List<ProductView> items = query.list().stream().map(ProductView::of).toList();
        return new ProductPage(items, page, size, total, (int) ((total + size - 1) / size));
    }

    public List<CategoryCount> categories() {
        return Product.find("select category, count(*) from Product group by category order by category")
                .project(CategoryCount.class).list();
    }

    public ProductView create(ProductRequest request) {
        Product product = new Product();
        product.createdAt = now();
        copy(request, product);
        writeOrConflict(request.sku(), product::persistAndFlush);
        changed(product.id);
        return ProductView.of(product);
    }

    public ProductView replace(long id, ProductRequest request) {
        Product product = existing(id);
        copy(request, product);
        writeOrConflict(request.sku(), () -> Product.flush());  // a lambda: Panache enhances only direct calls on Product
        // After the flush: the outbox insert flushes the session too, and would do it outside writeOrConflict.
        // Should the commit fail, the row rolls back with the change and the AFTER_SUCCESS observer never runs, so
        // the cached copy, still right, stays in place.
        changed(id);
        return ProductView.of(product);
    }

    public void delete(long id) {
        existing(id).delete();
        changed(id);
    }

    /** In the write's transaction: the outbox row commits with the change, or neither does. */
    private void changed(long id) {
        changes.fire(new ProductChanged(id, outbox.productChanged(id)));
    }

    private static Product existing(long id) {
        return Product.<Product>findByIdOptional(id).orElseThrow(() -> new NotFound("No product with id " + id));
    }

    /**
     * The brand is looked up before any field changes: its query would make Hibernate flush a changed product first,
     * outside {@link #writeOrConflict}, and a taken sku would escape as a 500.
     */
    private void copy(ProductRequest request, Product product) {
        Brand brand = request.brand() == null ? null : brands.bySlug(request.brand())
                .orElseThrow(() -> new InvalidParameter("brand", "No brand with slug " + request.brand()));
        product.brand = brand;
        product.sku = request.sku();
        product.name = request.name();
        product.description = request.description();
        product.price = request.price();
        product.category = request.category();
        product.updatedAt = now();
    }

    /** The unique constraint in PostgreSQL decides about duplicates: a check in Java first would race. */
    private static void writeOrConflict(String sku, Runnable write) {
        try {
            write.run();
        } catch (ConstraintViolationException e) {
            if ("product_sku_key".equals(e.getConstraintName())) {
                throw new Conflict("A product with sku " + sku + " already exists");
            }
            throw e;
        }
    }

    private static OffsetDateTime now() {
        // PostgreSQL keeps microseconds: truncating here makes the response of a write equal to a later read.
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}

package org.acme.shop.catalog.listing;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.ValueCommands;
import org.acme.shop.cache.Cached;
import org.acme.shop.cache.readthrough.ReadThroughCache;
import org.acme.shop.cache.readthrough.ReadThroughCaches;
import org.acme.shop.catalog.CatalogConfig;
import org.acme.shop.catalog.CatalogKeys;
import org.acme.shop.catalog.ProductService;
import org.acme.shop.catalog.cache.CatalogInvalidation;

/**
 * The category list with its product counts, <b>read-through</b> under a <b>versioned key</b>. The key embeds the
 * catalog version, which every committed product write increments ({@link CatalogInvalidation}, replayed by the
 * outbox), so the counts are fresh after any write without a delete. Deleting one fixed key after commit would work
 * too, but a reader that counted before the commit could store its old counts just after the delete, for a whole
 * TTL; under a versioned key that late store lands under the old version, where nobody looks.
 */
@ApplicationScoped
public class CategoryCache {

    private final ReadThroughCache<Void> categories;

    public CategoryCache(ReadThroughCaches caches, RedisDataSource redis, CatalogKeys keys, ProductService products,
            CatalogConfig config) {
        ValueCommands<String, String> values = redis.value(String.class);
        this.categories = caches.create("categories", config.cache().listingTtl(),
                none -> keys.categories(version(values.get(keys.catalogVersion()))),   // GET …:products:version
                none -> products.categories(), CategoryCount.class);
    }

    public Cached<String> list() {
        return categories.get(null);
    }

    /** 0 before the first write. */
    private static long version(String counter) {
        return counter == null ? 0 : Long.parseLong(counter);
    }
}

package org.acme.shop.brand;

import jakarta.enterprise.context.ApplicationScoped;

import org.acme.shop.cache.Cached;
import org.acme.shop.cache.readthrough.ReadThroughCache;
import org.acme.shop.cache.readthrough.ReadThroughCaches;

/**
 * The brands, <b>read-through</b>: two caches that own their loaders, declared once here. {@link BrandResource} asks
 * them and has no way to reach PostgreSQL for a brand. Brands change only by migration or SQL (there is no brand write
 * endpoint), so the TTL ({@code brand.cache-ttl}) is what brings a change into Redis.
 */
@ApplicationScoped
public class BrandCache {

    private final ReadThroughCache<Void> all;
    private final ReadThroughCache<String> bySlug;

    public BrandCache(ReadThroughCaches caches, BrandKeys keys, BrandService brands, BrandConfig config) {
        this.all = caches.create("brands", config.cacheTtl(), none -> keys.brands(), none -> brands.all(),
                BrandView.class);
        this.bySlug = caches.create("brand", config.cacheTtl(), keys::brand, slug -> brands.find(slug).orElse(null),
                BrandView.class);
    }

    public Cached<String> all() {
        return all.get(null);
    }

    /** The brand's JSON, {@code null} when no brand has this slug. */
    public Cached<String> find(String slug) {
        return bySlug.get(slug);
    }
}

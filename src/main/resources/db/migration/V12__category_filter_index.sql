-- The category filter of GET /api/products?category=… is case-insensitive, `lower(category) = lower(?)`, newest first:
-- product_category_created_idx (on category itself) cannot serve it, so every filtered listing read the whole table.
-- Listings of categories no product has are not cached (ListingCache), so each such request reaches PostgreSQL: this
-- index makes it one index lookup, whatever the value.
-- A plain CREATE INDEX blocks writes to product while it builds, which a catalog of this size does not notice. For a
-- large table build it CONCURRENTLY, which cannot run inside a transaction; then Flyway must not hold its migration lock
-- in one (postgresql.transactional.lock=false, set through a FlywayConfigurationCustomizer), or the build waits for
-- Flyway's own connection for ever.
create index product_category_lower_created_idx on product (lower(category), created_at desc, id desc);

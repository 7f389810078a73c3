-- The transactional outbox of the caches: what Redis must do because of a committed change, written in the same
-- transaction as the change itself. The request that made the change applies it to Redis right after the commit and
-- deletes the row once Redis has confirmed; OutboxRelay applies whatever is left (Redis was down, the app died between
-- the commit and Redis). See docs/outbox.md.
create table cache_outbox (
    id              bigint      generated always as identity primary key,
    created_at      timestamptz not null default now(),
    -- A product write: INCR the catalog version (retires every listing) and UNLINK the product's key.
    product_id      bigint,
    -- A stock change: write this committed state through the version guard (a replay never overwrites a newer one).
    stock_sku       varchar(64),
    stock_available integer,
    stock_reserved  integer,
    stock_version   bigint,
    constraint cache_outbox_one_kind check (
        (product_id is not null and stock_sku is null and stock_version is null)
        or (product_id is null and stock_sku is not null and stock_available is not null
            and stock_reserved is not null and stock_version is not null))
);

-- The relay takes the oldest rows first; a confirmed stock write removes the sku's rows up to its version.
create index cache_outbox_created_idx on cache_outbox (created_at, id);
create index cache_outbox_stock_idx on cache_outbox (stock_sku, stock_version) where stock_sku is not null;

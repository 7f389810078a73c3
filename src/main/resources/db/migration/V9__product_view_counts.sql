-- Product view counts, written behind: views are counted in Redis and flushed here in batches by ViewFlusher.
-- See docs/write-behind.md.
create table product_view_count (
    product_id bigint      primary key references product (id) on delete cascade,
    views      bigint      not null default 0 check (views >= 0),
    updated_at timestamptz not null default now()
);

-- The Redis stream entries already added to product_view_count: a flusher that died after its commit and before its
-- XACK leaves entries that another flusher claims again; their ids here make that second flush count nothing. The
-- flusher deletes the ids once Redis has acknowledged the entries (they can no longer be delivered).
create table product_view_entry (
    entry_id   varchar(41) primary key,
    flushed_at timestamptz not null default now()
);

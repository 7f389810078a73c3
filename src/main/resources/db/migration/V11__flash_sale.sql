-- Flash sales (docs/flash-sale.md). While a sale is on, its units are not in stock.available: starting it moves
-- `quantity` units out of the sku's available stock into the sale, in the same transaction that inserts the row, and
-- Redis decides which buyer gets them. The reservations Redis accepted reach the table reservation through a stream,
-- written behind in batches; `taken` counts their units. Ending the sale gives the units it did not sell
-- (`quantity - taken`) back to stock.available. A unit is always in exactly one place: stock.available, the sale,
-- or a reservation.
create table flash_sale (
    id             bigserial   primary key,
    sku            varchar(64) not null references stock (sku),
    quantity       integer     not null,
    per_user_limit integer     not null,
    starts_at      timestamptz not null,
    ends_at        timestamptz not null,
    -- Units of the reservations written to PostgreSQL. The last line of defence against an oversell: whatever Redis
    -- lost or replayed, no batch can make the sale's reservations hold more units than it had.
    taken          integer     not null default 0,
    created_at     timestamptz not null default now(),
    ended_at       timestamptz,
    constraint flash_sale_quantity_positive check (quantity > 0),
    constraint flash_sale_per_user_limit_positive check (per_user_limit > 0),
    -- ends_at = starts_at only for a sale ended before it started (its window is then empty).
    constraint flash_sale_window check (ends_at >= starts_at),
    constraint flash_sale_not_oversold check (taken >= 0 and taken <= quantity)
);

-- At most one sale on at a time per sku; the writer's pass looks for the sales that are on.
create unique index flash_sale_one_active_per_sku on flash_sale (sku) where ended_at is null;

alter table reservation
    -- The sale a reservation was made in (null in the normal mode); its units came out of that sale.
    add column flash_sale_id   bigint references flash_sale (id),
    -- The buyer's Idempotency-Key, kept so that a gate rebuilt after a loss of Redis still recognises a retry.
    add column idempotency_key varchar(64),
    -- When the writer inserted it (clock_timestamp()): created_at is when Redis accepted it, so the difference is the
    -- write-behind lag. Null in the normal mode, where the two are one transaction.
    add column recorded_at     timestamptz;

create index reservation_flash_sale_idx on reservation (flash_sale_id) where flash_sale_id is not null;

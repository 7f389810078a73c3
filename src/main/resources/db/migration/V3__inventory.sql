-- Inventory: stock per product sku and the reservations held against it. PostgreSQL does the arithmetic and is the
-- source of truth; Redis holds a write-through copy of each stock row, guarded by its version.

-- No foreign key to product on purpose: a stock row outlives its product, so a sku's version only ever grows. Were
-- the row deleted with the product and created again for a new product with the same sku, its version would restart
-- at 1 while Redis may still hold a higher one, and the version guard would refuse every write until the key expired.
-- The service checks that a product has the sku before it creates a row.
create table stock (
    sku        varchar(64) primary key,
    available  integer     not null,
    reserved   integer     not null default 0,
    -- Grows by one on every change; the cache applies a state only if its version is newer than the one it holds.
    version    bigint      not null,
    updated_at timestamptz not null default now(),
    -- The last line of defence against overselling: no statement, however it is written, can leave stock negative.
    constraint stock_available_not_negative check (available >= 0),
    constraint stock_reserved_not_negative check (reserved >= 0)
);

create table reservation (
    id          uuid        primary key,
    sku         varchar(64) not null references stock (sku),
    quantity    integer     not null,
    status      varchar(16) not null,
    created_at  timestamptz not null,
    released_at timestamptz,
    constraint reservation_quantity_positive check (quantity > 0),
    constraint reservation_status_known check (status in ('ACTIVE', 'RELEASED')),
    constraint reservation_released_at_set check ((status = 'RELEASED') = (released_at is not null))
);

create index reservation_sku_idx on reservation (sku);

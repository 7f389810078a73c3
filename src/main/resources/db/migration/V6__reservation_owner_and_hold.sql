-- Reservations belong to a user and hold stock for a limited time (inventory.reservation-hold). Life cycle, see
-- docs/security.md: HELD -> CONFIRMED (sold), HELD -> CANCELLED (by its owner or an admin), HELD -> EXPIRED (by the
-- sweep, once expires_at has passed). stock.reserved always equals the quantity of the sku's HELD reservations; a
-- CONFIRMED reservation's units have left the stock for good, a CANCELLED or EXPIRED one's went back to available.
alter table reservation
    drop constraint reservation_status_known,
    drop constraint reservation_released_at_set,
    -- Nullable only for rows made before reservations had owners: those are visible to admins alone.
    add column owner_id bigint references app_user (id),
    add column expires_at timestamptz,
    add column confirmed_at timestamptz;

-- An ACTIVE reservation of the old model held its units forever: it becomes a hold that ran from its creation, so the
-- first sweep gives back the units of every one older than the default hold. RELEASED ones were cancelled.
update reservation set status = 'HELD', expires_at = created_at + interval '15 minutes' where status = 'ACTIVE';
update reservation set status = 'CANCELLED', expires_at = created_at where status = 'RELEASED';

alter table reservation
    alter column expires_at set not null,
    add constraint reservation_status_known check (status in ('HELD', 'CONFIRMED', 'CANCELLED', 'EXPIRED')),
    add constraint reservation_released_at_set check ((status in ('CANCELLED', 'EXPIRED')) = (released_at is not null)),
    add constraint reservation_confirmed_at_set check ((status = 'CONFIRMED') = (confirmed_at is not null));

-- "My reservations", newest first; and the sweep's search for holds that have run out.
create index reservation_owner_created_idx on reservation (owner_id, created_at desc, id);
create index reservation_held_expires_idx on reservation (expires_at) where status = 'HELD';

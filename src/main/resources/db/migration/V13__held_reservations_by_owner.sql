-- A reservation counts the units its owner already holds of the sku (inventory.reservation-max-held-per-sku): one
-- lookup here, among the held reservations only, however many the owner made over time.
create index reservation_held_owner_sku_idx on reservation (owner_id, sku) where status = 'HELD';

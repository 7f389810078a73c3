-- Roles: what a signed-in user may do. Every account is a customer; an admin manages the catalog and the stock.
-- The first admin comes from configuration (shop.admin.email / shop.admin.password, see AdminBootstrap), never from
-- a default row here: a migration that created an admin would ship the same password to every copy of the template.
alter table app_user
    add column role varchar(16) not null default 'customer',
    add constraint app_user_role_known check (role in ('customer', 'admin'));

-- Hand-written: drizzle-kit rebuilds the table to change the city's default, and dropping `users`
-- inside the migrator's transaction (where foreign_keys=OFF is ignored) would cascade into sessions and
-- null every room's creator. The old default stays in the table's DDL, but every insert names the city.
ALTER TABLE `users` ADD `locale` text;--> statement-breakpoint
UPDATE `users` SET `city` = '' WHERE `city` = 'Не указан';
--> statement-breakpoint
UPDATE `rooms` SET `description` = '' WHERE `is_default` = 1 AND `description` = 'Комната для всех';

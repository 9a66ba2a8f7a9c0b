DROP INDEX `users_email_unique`;--> statement-breakpoint
ALTER TABLE `users` ADD `username_skeleton` text;--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_skeleton_unique` ON `users` (`username_skeleton`);--> statement-breakpoint
ALTER TABLE `rooms` ADD `name_skeleton` text;--> statement-breakpoint
CREATE UNIQUE INDEX `rooms_name_skeleton_unique` ON `rooms` (`name_skeleton`);--> statement-breakpoint
CREATE INDEX `rooms_created_by` ON `rooms` (`created_by`);
CREATE TABLE `room_audit` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`room_id` integer NOT NULL,
	`actor_id` integer,
	`action` text NOT NULL,
	`target_id` integer,
	`reason` text DEFAULT '' NOT NULL,
	`details` text DEFAULT '{}' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`room_id`) REFERENCES `rooms`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`target_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `room_audit_room_id_id` ON `room_audit` (`room_id`,`id`);--> statement-breakpoint
CREATE TABLE `room_bans` (
	`room_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`banned_by` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`room_id`, `user_id`),
	FOREIGN KEY (`room_id`) REFERENCES `rooms`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`banned_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `user_blocks` (
	`blocker_id` integer NOT NULL,
	`blocked_id` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`blocker_id`, `blocked_id`),
	FOREIGN KEY (`blocker_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`blocked_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `user_blocks_blocked_id` ON `user_blocks` (`blocked_id`,`blocker_id`);--> statement-breakpoint
DROP INDEX `rooms_name_key_unique`;--> statement-breakpoint
DROP INDEX `rooms_name_skeleton_unique`;--> statement-breakpoint
ALTER TABLE `rooms` ADD `kind` text DEFAULT 'public' NOT NULL;--> statement-breakpoint
ALTER TABLE `rooms` ADD `is_group` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `rooms` ADD `direct_key` text;--> statement-breakpoint
CREATE UNIQUE INDEX `rooms_direct_key_unique` ON `rooms` (`direct_key`);--> statement-breakpoint
CREATE INDEX `rooms_kind_id` ON `rooms` (`kind`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `rooms_name_key_unique` ON `rooms` (`name_key`) WHERE "rooms"."kind" = 'public';--> statement-breakpoint
CREATE UNIQUE INDEX `rooms_name_skeleton_unique` ON `rooms` (`name_skeleton`) WHERE "rooms"."kind" = 'public';--> statement-breakpoint
ALTER TABLE `room_members` ADD `timed_out_until` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `role` text DEFAULT 'user' NOT NULL;
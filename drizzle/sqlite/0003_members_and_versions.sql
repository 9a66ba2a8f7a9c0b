CREATE TABLE `room_members` (
	`room_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`role` text NOT NULL,
	`joined_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`last_read_message_id` integer,
	`notification_level` text DEFAULT 'all' NOT NULL,
	PRIMARY KEY(`room_id`, `user_id`),
	FOREIGN KEY (`room_id`) REFERENCES `rooms`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `room_members_user_id` ON `room_members` (`user_id`,`room_id`);--> statement-breakpoint
ALTER TABLE `messages` ADD `version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE `messages` SET `version` = `id`;--> statement-breakpoint
INSERT INTO `room_members` (`room_id`, `user_id`, `role`, `joined_at`) SELECT `id`, `created_by`, 'owner', `created_at` FROM `rooms` WHERE `created_by` IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `messages_room_id_version_unique` ON `messages` (`room_id`,`version`);
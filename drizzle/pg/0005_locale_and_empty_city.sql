ALTER TABLE "users" ALTER COLUMN "city" SET DEFAULT '';--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "locale" text;--> statement-breakpoint
UPDATE "users" SET "city" = '' WHERE "city" = 'Не указан';
--> statement-breakpoint
UPDATE "rooms" SET "description" = '' WHERE "is_default" AND "description" = 'Комната для всех';

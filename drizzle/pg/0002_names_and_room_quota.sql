DROP INDEX "users_email_unique";--> statement-breakpoint
ALTER TABLE "rooms" ADD COLUMN "name_skeleton" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "username_skeleton" text;--> statement-breakpoint
CREATE UNIQUE INDEX "rooms_name_skeleton_unique" ON "rooms" USING btree ("name_skeleton");--> statement-breakpoint
CREATE INDEX "rooms_created_by" ON "rooms" USING btree ("created_by");--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_skeleton_unique" ON "users" USING btree ("username_skeleton");
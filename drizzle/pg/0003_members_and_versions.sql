CREATE SEQUENCE "public"."message_versions" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "room_members" (
	"room_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"role" text NOT NULL,
	"joined_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"last_read_message_id" bigint,
	"notification_level" text DEFAULT 'all' NOT NULL,
	CONSTRAINT "room_members_room_id_user_id_pk" PRIMARY KEY("room_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "version" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE "messages" SET "version" = "id";--> statement-breakpoint
ALTER TABLE "messages" ALTER COLUMN "version" DROP DEFAULT;--> statement-breakpoint
SELECT setval('"public"."message_versions"', coalesce((SELECT max("version") FROM "messages"), 0) + 1, false);--> statement-breakpoint
ALTER TABLE "room_members" ADD CONSTRAINT "room_members_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_members" ADD CONSTRAINT "room_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "room_members_user_id" ON "room_members" USING btree ("user_id","room_id");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_room_id_version_unique" ON "messages" USING btree ("room_id","version");--> statement-breakpoint
INSERT INTO "room_members" ("room_id", "user_id", "role", "joined_at") SELECT "id", "created_by", 'owner', "created_at" FROM "rooms" WHERE "created_by" IS NOT NULL;
import { z } from "zod";
import type { ErrorKey } from "../i18n/catalogue";
import { hasHiddenCharacters, isVisible, normalizeName } from "../text";
import { isSingleEmoji } from "./emoji";

// The browser imports this file too (for input hints), so it holds nothing server-only.

export const MESSAGE_MAX = 2000;
export const ROOM_NAME_MAX = 100;
export const ROOM_DESCRIPTION_MAX = 500;
export const HISTORY_PAGE_DEFAULT = 50;
export const HISTORY_PAGE_MAX = 100;
export const ROOM_PAGE_DEFAULT = 100;
export const ROOM_PAGE_MAX = 200;
/** Distinct emoji one message may carry. */
export const MAX_REACTIONS = 20;
/** How many people the list of who reacted shows at most. */
export const REACTORS_PAGE_MAX = 100;

// Messages are catalogue keys (messages/<locale>/errors.json): the sentence is rendered in the reader's language.
const id = () => z.number({ error: "id_invalid" satisfies ErrorKey }).int("id_invalid").positive("id_invalid").max(2 ** 53 - 1, "id_invalid");

export const roomIdSchema = id();
export const messageIdSchema = id();

/** Ids that arrive as text (URL segments and query strings). */
export const idParamSchema = z
  .string()
  .regex(/^\d{1,15}$/, "id_invalid" satisfies ErrorKey)
  .transform(Number)
  .pipe(id());

export const messageContentSchema = z
  .string({ error: "message_not_text" satisfies ErrorKey })
  .trim()
  .min(1, "message_empty" satisfies ErrorKey)
  .max(MESSAGE_MAX, "message_too_long" satisfies ErrorKey)
  .refine(isVisible, "message_empty" satisfies ErrorKey);

export const clientIdSchema = z
  .string({ error: "client_id_invalid" satisfies ErrorKey })
  .regex(/^[A-Za-z0-9_-]{8,64}$/, "client_id_invalid" satisfies ErrorKey);

export const sendMessageSchema = z.strictObject({
  room_id: roomIdSchema,
  content: messageContentSchema,
  client_id: clientIdSchema.optional(),
  /** A message of the same room this one answers. */
  reply_to_id: messageIdSchema.optional(),
});
export type SendMessageInput = z.infer<typeof sendMessageSchema>;

/** The HTTP form of a send: the room comes from the URL. */
export const postMessageSchema = sendMessageSchema.omit({ room_id: true });

export const roomRefSchema = z.strictObject({ room_id: roomIdSchema });
export const messageRefSchema = z.strictObject({ message_id: messageIdSchema });
export type MessageRef = z.infer<typeof messageRefSchema>;

export const editMessageSchema = z.strictObject({ message_id: messageIdSchema, content: messageContentSchema });
export type EditMessageInput = z.infer<typeof editMessageSchema>;

/** The HTTP form of an edit: the message comes from the URL. */
export const patchMessageSchema = editMessageSchema.omit({ message_id: true });

export const emojiSchema = z.string({ error: "emoji_invalid" satisfies ErrorKey }).refine(isSingleEmoji, "emoji_invalid" satisfies ErrorKey);

export const reactionSchema = z.strictObject({ message_id: messageIdSchema, emoji: emojiSchema });
export type ReactionInput = z.infer<typeof reactionSchema>;

/** "Someone is typing" starts with a signal and ends with `stopped` (an emptied composer), or on its own after a while. */
export const typingSchema = z.strictObject({ room_id: roomIdSchema, stopped: z.boolean({ error: "typing_invalid" satisfies ErrorKey }).optional() });
export type TypingInput = z.infer<typeof typingSchema>;
export type RoomRef = z.infer<typeof roomRefSchema>;

const roomName = z
  .string({ error: "room_name_not_text" satisfies ErrorKey })
  .overwrite(normalizeName)
  .trim()
  .min(1, "room_name_required" satisfies ErrorKey)
  .max(ROOM_NAME_MAX, "room_name_too_long" satisfies ErrorKey)
  .refine((name) => !hasHiddenCharacters(name), "room_name_hidden_characters" satisfies ErrorKey)
  .refine(isVisible, "room_name_required" satisfies ErrorKey);

const roomDescription = z
  .string({ error: "room_description_not_text" satisfies ErrorKey })
  .trim()
  .max(ROOM_DESCRIPTION_MAX, "room_description_too_long" satisfies ErrorKey);

const visibility = z.enum(["public", "private"], { error: "visibility_invalid" satisfies ErrorKey });

export const createRoomSchema = z.strictObject({
  name: roomName,
  description: roomDescription.optional().default(""),
  visibility: visibility.optional().default("public"),
});
export type CreateRoomInput = z.input<typeof createRoomSchema>;

export const updateRoomSchema = z
  .strictObject({ name: roomName.optional(), description: roomDescription.optional(), visibility: visibility.optional() })
  .refine(
    (patch) => patch.name !== undefined || patch.description !== undefined || patch.visibility !== undefined,
    "room_patch_empty" satisfies ErrorKey,
  );
export type UpdateRoomInput = z.input<typeof updateRoomSchema>;

const pageLimit = (fallback: number, max: number, problem: ErrorKey) =>
  z.string().regex(/^\d{1,3}$/, problem).transform(Number).pipe(z.number().int().min(1, problem).max(max, problem)).default(fallback);

/** The room list's keyset page: `after` is the last id of the previous page. */
export const roomPageQuerySchema = z.strictObject({
  limit: pageLimit(ROOM_PAGE_DEFAULT, ROOM_PAGE_MAX, "room_page_limit"),
  after: idParamSchema.optional(),
});

/** A cursor that may be 0: "from the beginning", what a client that has seen nothing yet sends. */
const cursorParam = z
  .string()
  .regex(/^\d{1,15}$/, "id_invalid" satisfies ErrorKey)
  .transform(Number)
  .optional();

export const historyQuerySchema = z
  .strictObject({
    limit: pageLimit(HISTORY_PAGE_DEFAULT, HISTORY_PAGE_MAX, "history_page_limit"),
    before: idParamSchema.optional(),
    after: cursorParam,
    changed_after: cursorParam,
    /** A page about this message: how a reply's preview jumps to an original not loaded yet. */
    around: idParamSchema.optional(),
  })
  .refine(
    (query) => query.changed_after === undefined || (query.before === undefined && query.after === undefined),
    "changed_after_alone" satisfies ErrorKey,
  )
  .refine(
    (query) => query.around === undefined || (query.before === undefined && query.after === undefined && query.changed_after === undefined),
    "around_alone" satisfies ErrorKey,
  );

export const reactorsQuerySchema = z.strictObject({ limit: pageLimit(REACTORS_PAGE_MAX, REACTORS_PAGE_MAX, "reactors_page_limit") });
export type HistoryQuery = z.output<typeof historyQuerySchema>;

/** People in one direct conversation besides its opener (Discord's group DMs hold ten in all). */
export const DIRECT_MAX_OTHERS = 9;
/** A timeout's bounds: a minute to a week. */
export const TIMEOUT_MIN_SECONDS = 60;
export const TIMEOUT_MAX_SECONDS = 7 * 24 * 3600;
export const MODERATION_REASON_MAX = 500;
export const MEMBER_LIST_MAX = 1000;
export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 100;

const usernameRef = z
  .string({ error: "username_unknown" satisfies ErrorKey })
  .trim()
  .min(1, "username_unknown" satisfies ErrorKey)
  .max(100, "username_unknown" satisfies ErrorKey);
const userIdSchema = id();
const reason = z
  .string({ error: "reason_too_long" satisfies ErrorKey })
  .trim()
  .max(MODERATION_REASON_MAX, "reason_too_long" satisfies ErrorKey)
  .refine((text) => !hasHiddenCharacters(text), "reason_too_long" satisfies ErrorKey)
  .optional()
  .default("");

export const openDirectSchema = z.strictObject({
  usernames: z
    .array(usernameRef, { error: "direct_people_invalid" satisfies ErrorKey })
    .min(1, "direct_people_invalid" satisfies ErrorKey)
    .max(DIRECT_MAX_OTHERS, "direct_people_invalid" satisfies ErrorKey),
});
export const inviteSchema = z.strictObject({ username: usernameRef });
export const memberRoleSchema = z.strictObject({ role: z.enum(["owner", "moderator", "member"], { error: "role_invalid" satisfies ErrorKey }) });
export const banSchema = z.strictObject({ user_id: userIdSchema, reason });
export const timeoutSchema = z.strictObject({
  user_id: userIdSchema,
  seconds: z
    .number({ error: "timeout_invalid" satisfies ErrorKey })
    .int("timeout_invalid")
    .min(TIMEOUT_MIN_SECONDS, "timeout_invalid" satisfies ErrorKey)
    .max(TIMEOUT_MAX_SECONDS, "timeout_invalid" satisfies ErrorKey),
  reason,
});
export const auditQuerySchema = z.strictObject({
  limit: pageLimit(AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX, "audit_page_limit"),
  before: idParamSchema.optional(),
});
export const reactionOwnerQuerySchema = z.strictObject({ user_id: idParamSchema.optional() });

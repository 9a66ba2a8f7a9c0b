import { z } from "zod";
import { hasHiddenCharacters, isVisible, normalizeName } from "../text";

// The browser imports this file too (for input hints), so it holds nothing server-only.

export const MESSAGE_MAX = 2000;
export const ROOM_NAME_MAX = 100;
export const ROOM_DESCRIPTION_MAX = 500;
export const HISTORY_PAGE_DEFAULT = 50;
export const HISTORY_PAGE_MAX = 100;
export const ROOM_PAGE_DEFAULT = 100;
export const ROOM_PAGE_MAX = 200;

const id = (what: string) =>
  z.number({ error: `${what}: нужен номер` }).int(`${what}: нужен целый номер`).positive(`${what}: нужен номер больше нуля`).max(2 ** 53 - 1);

export const roomIdSchema = id("room_id");

/** Ids that arrive as text (URL segments and query strings). */
export const idParamSchema = (what: string) =>
  z
    .string()
    .regex(/^\d{1,15}$/, `${what}: нужен номер`)
    .transform(Number)
    .pipe(id(what));

export const messageContentSchema = z
  .string({ error: "Сообщение должно быть текстом" })
  .trim()
  .min(1, "Сообщение не может быть пустым")
  .max(MESSAGE_MAX, `Сообщение не длиннее ${MESSAGE_MAX} символов`)
  .refine(isVisible, "Сообщение не может быть пустым");

export const clientIdSchema = z
  .string({ error: "client_id должен быть строкой" })
  .regex(/^[A-Za-z0-9_-]{8,64}$/, "client_id: 8–64 латинских букв, цифр, «-» или «_»");

export const sendMessageSchema = z.strictObject({
  room_id: roomIdSchema,
  content: messageContentSchema,
  client_id: clientIdSchema.optional(),
});
export type SendMessageInput = z.infer<typeof sendMessageSchema>;

/** The HTTP form of a send: the room comes from the URL. */
export const postMessageSchema = sendMessageSchema.omit({ room_id: true });

export const roomRefSchema = z.strictObject({ room_id: roomIdSchema });
export type RoomRef = z.infer<typeof roomRefSchema>;

const roomName = z
  .string({ error: "Название должно быть текстом" })
  .overwrite(normalizeName)
  .trim()
  .min(1, "Введите название комнаты")
  .max(ROOM_NAME_MAX, `Название не длиннее ${ROOM_NAME_MAX} символов`)
  .refine((name) => !hasHiddenCharacters(name), "В названии есть невидимые или управляющие символы")
  .refine(isVisible, "Введите название комнаты");

const roomDescription = z
  .string({ error: "Описание должно быть текстом" })
  .trim()
  .max(ROOM_DESCRIPTION_MAX, `Описание не длиннее ${ROOM_DESCRIPTION_MAX} символов`);

export const createRoomSchema = z.strictObject({
  name: roomName,
  description: roomDescription.optional().default(""),
});
export type CreateRoomInput = z.input<typeof createRoomSchema>;

export const updateRoomSchema = z
  .strictObject({ name: roomName.optional(), description: roomDescription.optional() })
  .refine((patch) => patch.name !== undefined || patch.description !== undefined, "Нечего менять: укажите name или description");
export type UpdateRoomInput = z.input<typeof updateRoomSchema>;

const pageLimit = (fallback: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,3}$/, `limit: число от 1 до ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(1, `limit: число от 1 до ${max}`).max(max, `limit: число от 1 до ${max}`))
    .default(fallback);

/** The room list's keyset page: `after` is the last id of the previous page. */
export const roomPageQuerySchema = z.strictObject({
  limit: pageLimit(ROOM_PAGE_DEFAULT, ROOM_PAGE_MAX),
  after: idParamSchema("after").optional(),
});

/** A cursor that may be 0: "from the beginning", what a client that has seen nothing yet sends. */
const cursorParam = (what: string) =>
  z
    .string()
    .regex(/^\d{1,15}$/, `${what}: нужен номер`)
    .transform(Number)
    .optional();

export const historyQuerySchema = z
  .strictObject({
    limit: pageLimit(HISTORY_PAGE_DEFAULT, HISTORY_PAGE_MAX),
    before: idParamSchema("before").optional(),
    after: cursorParam("after"),
    changed_after: cursorParam("changed_after"),
  })
  .refine(
    (query) => query.changed_after === undefined || (query.before === undefined && query.after === undefined),
    "changed_after не сочетается с before и after",
  );
export type HistoryQuery = z.output<typeof historyQuerySchema>;

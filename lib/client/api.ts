import type { AuditEntryDto, MemberDto, MemberListDto, MessageDto, ProfileDto, RoomDto } from "@/lib/chat/dto";
import { pageLocale } from "@/lib/i18n/locale";
import { errorText } from "@/lib/i18n/translate";

export type ApiResult<T> =
  | { ok: true; data: T }
  | { ok: false; status: number; error: string; code: string; fields?: Record<string, string> };

interface ErrorBody {
  error?: unknown;
  code?: unknown;
  fields?: unknown;
}

// Set when the page starts navigating away (the «Выйти» link, for one). A request refused because that
// very logout already ended the session must not start a second navigation: it would cancel /logout's
// response, and with it the deletion of the cookie.
let leaving = false;
if (typeof window !== "undefined") {
  window.addEventListener("beforeunload", () => {
    leaving = true;
  });
  window.addEventListener("pageshow", () => {
    leaving = false;
  });
}

/** Where a tab whose session ended goes; the login page then says why it is there. */
export const SESSION_ENDED_HREF = "/login?ended=1";

/**
 * The session is gone (signed out in another tab, expired, or the account removed). A full page load,
 * not router.push, so nothing of the old session's state survives; what the outbox still holds stays in
 * this tab's sessionStorage, under the user's id, and goes out when the same user signs in here again.
 */
export function leaveForLogin() {
  if (leaving) return;
  leaving = true;
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load is the point
  window.location.href = SESSION_ENDED_HREF;
}

/** The field's sentence from DESIGN's `{field: {code, message}}`; anything else a broken reply might hold is dropped. */
function fieldMessagesOf(fields: unknown): Record<string, string> | undefined {
  if (!fields || typeof fields !== "object") return undefined;
  const entries = Object.entries(fields).flatMap(([name, problem]: [string, unknown]): [string, string][] =>
    problem && typeof problem === "object" && "message" in problem && typeof problem.message === "string" ? [[name, problem.message]] : [],
  );
  return Object.fromEntries(entries);
}

async function request<T>(url: string, init?: RequestInit): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      headers: { accept: "application/json", ...(init?.body ? { "content-type": "application/json" } : {}) },
      cache: "no-store",
    });
  } catch {
    return { ok: false, status: 0, error: errorText(pageLocale(), "network"), code: "network" };
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) return { ok: true, data: body as T };
  if (response.status === 401) leaveForLogin();
  const { error, code, fields } = (body ?? {}) as ErrorBody;
  const fieldMessages = fieldMessagesOf(fields);
  return {
    ok: false,
    status: response.status,
    error: typeof error === "string" ? error : errorText(pageLocale(), "server_status", { status: response.status }),
    code: typeof code === "string" ? code : "unknown",
    ...(fieldMessages ? { fields: fieldMessages } : {}),
  };
}

/** A page of history, oldest first: the latest, before or after an id (or between two), about one, or changed since a version. */
export function fetchMessages(roomId: number, query: { before?: number; after?: number; around?: number; changedAfter?: number; limit: number }) {
  const params = new URLSearchParams({ limit: String(query.limit) });
  if (query.before !== undefined) params.set("before", String(query.before));
  if (query.after !== undefined) params.set("after", String(query.after));
  if (query.around !== undefined) params.set("around", String(query.around));
  if (query.changedAfter !== undefined) params.set("changed_after", String(query.changedAfter));
  return request<MessageDto[]>(`/api/messages/${roomId}?${params.toString()}`);
}

export interface Reactor {
  id: number;
  username: string;
}

/** Who reacted to a message with one emoji, earliest first. */
export function fetchReactors(roomId: number, messageId: number, emoji: string, limit: number) {
  return request<Reactor[]>(`/api/messages/${roomId}/${messageId}/reactions/${encodeURIComponent(emoji)}?limit=${limit}`);
}

/** One page of the room list; `after` is the last id of the previous page. */
export function fetchRooms(query: { after?: number; limit: number }) {
  const params = new URLSearchParams({ limit: String(query.limit) });
  if (query.after !== undefined) params.set("after", String(query.after));
  return request<RoomDto[]>(`/api/rooms?${params.toString()}`);
}

/** Who may see a room: everyone, or its members only. */
export type RoomVisibility = "public" | "private";

export interface RoomInput {
  name: string;
  description: string;
  visibility?: RoomVisibility;
}

export function createRoomRequest(input: RoomInput) {
  return request<RoomDto>("/api/rooms", { method: "POST", body: JSON.stringify(input) });
}

export function updateRoomRequest(roomId: number, input: RoomInput) {
  return request<RoomDto>(`/api/rooms/${roomId}`, { method: "PATCH", body: JSON.stringify(input) });
}

export function deleteRoomRequest(roomId: number) {
  return request<{ deleted: true; fallback_room_id: number }>(`/api/rooms/${roomId}`, { method: "DELETE" });
}

const membersUrl = (roomId: number, userId?: number) => `/api/rooms/${roomId}/members${userId === undefined ? "" : `/${userId}`}`;

export function fetchMembers(roomId: number) {
  return request<MemberListDto>(membersUrl(roomId));
}

/** Adds someone to a private room or a group conversation. */
export function inviteMember(roomId: number, username: string) {
  return request<MemberDto>(membersUrl(roomId), { method: "POST", body: JSON.stringify({ username }) });
}

/** Makes someone a moderator or a member again; "owner" hands the room over, its owner becoming a moderator. */
export function setMemberRole(roomId: number, userId: number, role: MemberDto["role"]) {
  return request<MemberDto>(membersUrl(roomId, userId), { method: "PATCH", body: JSON.stringify({ role }) });
}

/** Kicks someone out of a private room, or, with one's own id, leaves the room. */
export function removeMember(roomId: number, userId: number) {
  return request<null>(membersUrl(roomId, userId), { method: "DELETE" });
}

export function banMember(roomId: number, userId: number, reason: string) {
  return request<null>(`/api/rooms/${roomId}/bans`, { method: "POST", body: JSON.stringify({ user_id: userId, ...(reason ? { reason } : {}) }) });
}

export function unbanMember(roomId: number, userId: number) {
  return request<null>(`/api/rooms/${roomId}/bans/${userId}`, { method: "DELETE" });
}

export interface BanDto {
  user: { id: number; username: string };
  reason: string;
  created_at: string;
}

export function fetchBans(roomId: number) {
  return request<{ bans: BanDto[] }>(`/api/rooms/${roomId}/bans`);
}

export function timeoutMember(roomId: number, userId: number, seconds: number, reason: string) {
  return request<MemberDto>(`/api/rooms/${roomId}/timeouts`, {
    method: "POST",
    body: JSON.stringify({ user_id: userId, seconds, ...(reason ? { reason } : {}) }),
  });
}

export function removeTimeout(roomId: number, userId: number) {
  return request<null>(`/api/rooms/${roomId}/timeouts/${userId}`, { method: "DELETE" });
}

/** A page of the room's audit log, newest first; `before` is the oldest entry id already shown. */
export function fetchAudit(roomId: number, query: { before?: number; limit: number }) {
  const params = new URLSearchParams({ limit: String(query.limit) });
  if (query.before !== undefined) params.set("before", String(query.before));
  return request<{ entries: AuditEntryDto[] }>(`/api/rooms/${roomId}/audit?${params.toString()}`);
}

/** The conversation with these people, begun if there was none: the same room every time for the same people. */
export function openDirectRequest(usernames: string[]) {
  return request<RoomDto>("/api/dms", { method: "POST", body: JSON.stringify({ usernames }) });
}

export function fetchProfile(userId: number) {
  return request<ProfileDto>(`/api/users/${userId}`);
}

export function setBlocked(userId: number, blocked: boolean) {
  return request<null>(`/api/users/${userId}/block`, { method: blocked ? "PUT" : "DELETE" });
}

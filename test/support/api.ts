import type { MessageDto, RoomDto } from "@/lib/chat/dto";
import type { CookieJar } from "./http";

/** JSON calls to the HTTP API as a signed-in user. */
export function apiClient(baseUrl: string, jar: CookieJar) {
  const call = async (method: string, path: string, body?: unknown, rawBody?: string) => {
    const response = await fetch(new URL(path, baseUrl), {
      method,
      headers: { cookie: jar.header(), ...(body !== undefined || rawBody !== undefined ? { "content-type": "application/json" } : {}) },
      body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as unknown };
  };
  return {
    call,
    get: (path: string) => call("GET", path),
    post: (path: string, body: unknown) => call("POST", path, body),
    patch: (path: string, body: unknown) => call("PATCH", path, body),
    delete: (path: string) => call("DELETE", path),
    async createRoom(name: string, description = ""): Promise<RoomDto> {
      const { status, body } = await call("POST", "/api/rooms", { name, description });
      if (status !== 201) throw new Error(`creating room ${name} answered ${status}: ${JSON.stringify(body)}`);
      return body as RoomDto;
    },
    async postMessage(roomId: number, content: string, clientId?: string): Promise<MessageDto> {
      const { status, body } = await call("POST", `/api/messages/${roomId}`, { content, client_id: clientId });
      if (status !== 201) throw new Error(`posting to room ${roomId} answered ${status}: ${JSON.stringify(body)}`);
      return body as MessageDto;
    },
    async messages(roomId: number, query = ""): Promise<MessageDto[]> {
      const { status, body } = await call("GET", `/api/messages/${roomId}${query}`);
      if (status !== 200) throw new Error(`history of room ${roomId} answered ${status}: ${JSON.stringify(body)}`);
      return body as MessageDto[];
    },
  };
}

export type ApiClient = ReturnType<typeof apiClient>;

export const uniqueName = (prefix: string) => `${prefix} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

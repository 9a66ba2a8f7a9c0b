interface UserColumns {
  id: unknown;
  username: unknown;
  email: unknown;
  passwordHash: unknown;
  city: unknown;
  createdAt: unknown;
  isActive: unknown;
}

interface RoomColumns {
  id: unknown;
  name: unknown;
  description: unknown;
  createdBy: unknown;
  createdAt: unknown;
  isDefault: unknown;
}

interface MessageColumns {
  id: unknown;
  roomId: unknown;
  userId: unknown;
  content: unknown;
  createdAt: unknown;
  clientId: unknown;
}

/**
 * What each dialect's store selects and returns: the row shapes of types.ts, picked from that
 * dialect's tables. The folded *_key columns exist only for the unique indexes and stay inside.
 */
export function publicColumns<U extends UserColumns, R extends RoomColumns, M extends MessageColumns>(tables: {
  users: U;
  rooms: R;
  messages: M;
}): {
  user: Pick<U, keyof UserColumns>;
  room: Pick<R, keyof RoomColumns>;
  message: Pick<M, keyof MessageColumns> & { username: U["username"]; userCity: U["city"] };
} {
  const { users, rooms, messages } = tables;
  return {
    user: {
      id: users.id,
      username: users.username,
      email: users.email,
      passwordHash: users.passwordHash,
      city: users.city,
      createdAt: users.createdAt,
      isActive: users.isActive,
    },
    room: {
      id: rooms.id,
      name: rooms.name,
      description: rooms.description,
      createdBy: rooms.createdBy,
      createdAt: rooms.createdAt,
      isDefault: rooms.isDefault,
    },
    message: {
      id: messages.id,
      roomId: messages.roomId,
      userId: messages.userId,
      content: messages.content,
      createdAt: messages.createdAt,
      clientId: messages.clientId,
      username: users.username,
      userCity: users.city,
    },
  };
}

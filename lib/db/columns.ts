interface UserColumns {
  id: unknown;
  username: unknown;
  email: unknown;
  passwordHash: unknown;
  city: unknown;
  locale: unknown;
  createdAt: unknown;
  isActive: unknown;
  role: unknown;
}

interface RoomColumns {
  id: unknown;
  name: unknown;
  description: unknown;
  createdBy: unknown;
  createdAt: unknown;
  isDefault: unknown;
  kind: unknown;
  isGroup: unknown;
}

interface MessageColumns {
  id: unknown;
  roomId: unknown;
  userId: unknown;
  content: unknown;
  createdAt: unknown;
  clientId: unknown;
  version: unknown;
  editedAt: unknown;
  deletedAt: unknown;
  replyToId: unknown;
}

interface MembershipColumns {
  roomId: unknown;
  userId: unknown;
  role: unknown;
  joinedAt: unknown;
  timedOutUntil: unknown;
}

/**
 * What each dialect's store selects and returns: the row shapes of types.ts, picked from that
 * dialect's tables. The folded *_key columns exist only for the unique indexes and stay inside.
 */
export function publicColumns<U extends UserColumns, R extends RoomColumns, M extends MessageColumns, B extends MembershipColumns>(tables: {
  users: U;
  rooms: R;
  messages: M;
  roomMembers: B;
}): {
  user: Pick<U, keyof UserColumns>;
  room: Pick<R, keyof RoomColumns>;
  message: Pick<M, keyof MessageColumns> & { username: U["username"]; userCity: U["city"] };
  membership: Pick<B, keyof MembershipColumns>;
} {
  const { users, rooms, messages, roomMembers } = tables;
  return {
    user: {
      id: users.id,
      username: users.username,
      email: users.email,
      passwordHash: users.passwordHash,
      city: users.city,
      locale: users.locale,
      createdAt: users.createdAt,
      isActive: users.isActive,
      role: users.role,
    },
    room: {
      id: rooms.id,
      name: rooms.name,
      description: rooms.description,
      createdBy: rooms.createdBy,
      createdAt: rooms.createdAt,
      isDefault: rooms.isDefault,
      kind: rooms.kind,
      isGroup: rooms.isGroup,
    },
    message: {
      id: messages.id,
      roomId: messages.roomId,
      userId: messages.userId,
      content: messages.content,
      createdAt: messages.createdAt,
      clientId: messages.clientId,
      version: messages.version,
      editedAt: messages.editedAt,
      deletedAt: messages.deletedAt,
      replyToId: messages.replyToId,
      username: users.username,
      userCity: users.city,
    },
    membership: {
      roomId: roomMembers.roomId,
      userId: roomMembers.userId,
      role: roomMembers.role,
      joinedAt: roomMembers.joinedAt,
      timedOutUntil: roomMembers.timedOutUntil,
    },
  };
}

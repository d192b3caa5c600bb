/** Settings of objects and the chats about them: rows of the settings table (./table.ts). */
import type { Table } from "./entry";

export const OBJECT_SETTINGS = {
  /** Objects a user may create per hour (a fixed window, counted in D1). */
  OBJECT_CREATE_MAX_PER_HOUR: {
    default: 30,
    min: 1,
    kind: "policy",
    doc: "objects a user may create per hour (fixed windows, counted in D1)",
  },
  /**
   * New chats a user may open about other people's objects per hour (a fixed window, counted
   * in D1): first messages to strangers are where spam starts.
   */
  OBJECT_ASK_MAX_PER_HOUR: {
    default: 20,
    min: 1,
    kind: "policy",
    doc: "new chats a user may open about objects per hour (fixed windows, counted in D1)",
  },
  /** Objects per page (`GET /api/objects`) when the client names none. */
  OBJECTS_PAGE_DEFAULT: {
    default: 20,
    min: 1,
    kind: "policy",
    doc: "objects per page (`GET /api/objects`) when none is asked for",
  },
  OBJECTS_PAGE_MAX: { default: 100, min: 1, kind: "policy", doc: "largest page of objects" },
  /** Chats about one object its owner's list shows (`GET /api/objects/:id/chats`). */
  OBJECT_CHATS_LIST_MAX: {
    default: 500,
    min: 1,
    kind: "policy",
    doc: "chats about one object listed for its owner (`GET /api/objects/:id/chats`), oldest first",
  },
  /** Objects the owner's inbox by object lists (`GET /api/rooms/objects`). */
  OBJECT_GROUPS_MAX: {
    default: 200,
    min: 1,
    kind: "policy",
    doc: "objects listed in the owner's inbox by object (`GET /api/rooms/objects`)",
  },
} as const satisfies Table;

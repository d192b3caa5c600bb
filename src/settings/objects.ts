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
  /** Chats one object job tells of a change; a job for more carries on in a new job. */
  OBJECT_FANOUT_PAGE: {
    default: 100,
    min: 1,
    kind: "internal",
    doc: "chats one object job tells of a change before it carries on in the next job",
  },
  /** Chats an object job tells at once. */
  OBJECT_FANOUT_PARALLEL: {
    default: 10,
    min: 1,
    kind: "internal",
    doc: "chats an object job tells of a change at once",
  },
  /** The longest wait before an object job that failed is tried again (doubling from 2 s). */
  OBJECT_FANOUT_RETRY_MAX_SECONDS: {
    default: 60,
    min: 1,
    kind: "internal",
    doc: "longest wait before a failed object job is tried again (the wait doubles from 2 s)",
  },
  /** Changes a chat reads from D1 at a time when it catches up with its object. */
  OBJECT_EVENTS_PAGE: {
    default: 50,
    min: 1,
    kind: "internal",
    doc: "changes a chat reads from D1 at a time when it catches up with its object",
  },
  /**
   * A change older than this whose job has not delivered it is sent again by the
   * every-minute sweep (its job was lost to a crash, or went to the dead-letter queue).
   */
  OBJECT_EVENT_SWEEP_SECONDS: {
    default: 60,
    min: 1,
    kind: "internal",
    doc: "age after which the sweep sends again an object change no job has delivered",
  },
  /** Objects one sweep sends again. */
  OBJECT_EVENT_SWEEP_MAX: {
    default: 100,
    min: 1,
    kind: "internal",
    doc: "objects whose undelivered changes one sweep sends again",
  },
} as const satisfies Table;

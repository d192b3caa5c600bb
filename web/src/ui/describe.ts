/** Words for things the screens show: system messages, presence, roles. */
import {
  assertNever,
  type ChatMessage,
  type PresenceState,
  type SystemEvent,
} from "../../../src/protocol";
import { formatAgo, type Lang, type StringKey, type Translate } from "../i18n";
import { isShown } from "../media/file-kinds";
import type { ChatStore } from "../state/chat-store";
import { objectEventText, type Words } from "./object-words";

export interface Ui {
  store: ChatStore;
  t: Translate;
  lang: Lang;
}

export function nameOf(ui: Ui, userId: string | null): string {
  if (!userId) return "";
  return userId === ui.store.me.user.id ? ui.t("you") : ui.store.people.name(userId);
}

/** What object words need, from the screens' context. */
export function wordsOf(ui: Ui): Words {
  return {
    t: ui.t,
    lang: ui.lang,
    me: ui.store.me.user.id,
    name: (userId) => ui.store.people.name(userId),
  };
}

/**
 * What a message's files are, in a line: "📷 Photo", "📷 3 photos", "📎 plan.pdf",
 * "📎 2 files" (as its push notification says), the caption after the icon when it has one.
 */
export function filesText(ui: Ui, message: Pick<ChatMessage, "body" | "attachments">): string {
  const files = message.attachments ?? [];
  const photos = files.every((f) => isShown(f.type));
  const caption = message.body.trim();
  if (caption) return `${photos ? "📷" : "📎"} ${caption}`;
  if (photos) return files.length === 1 ? ui.t("photo") : ui.t("photos", { count: files.length });
  const [only] = files;
  return files.length === 1 && only?.name
    ? `📎 ${only.name}`
    : ui.t("files", { count: files.length });
}

/**
 * The text of a message: its body, or a sentence for a system event or a message deleted
 * (for everyone, or by the user for themselves).
 */
export function messageText(ui: Ui, message: ChatMessage): string {
  if (message.hidden === true) return ui.t("messageHiddenForMe");
  if (message.deletedAt !== undefined) return ui.t("messageDeleted");
  switch (message.kind) {
    case "attachment":
      return filesText(ui, message);
    case "text":
    case "object":
      return message.body;
    case "system":
      return message.system ? systemText(ui, message.system) : message.body;
    case "edit":
    case "delete":
    case "reaction":
      return ""; // shown on the message they change, never on their own
    default:
      return assertNever(message.kind);
  }
}

/**
 * A system event as a sentence; one about the user reads in the first person ("You left",
 * "내가 나갔어요"), never with their own name and an honorific.
 */
function systemText(ui: Ui, event: SystemEvent): string {
  const { t } = ui;
  const me = ui.store.me.user.id;
  const about = (
    userId: string | null,
    mine: StringKey,
    theirs: StringKey,
    more: Record<string, string> = {},
  ) => (userId === me ? t(mine, more) : t(theirs, { name: nameOf(ui, userId), ...more }));
  switch (event.type) {
    case "created":
      return about(event.by, "createdYou", "created");
    case "joined":
      return event.userIds.map((id) => about(id, "joinedYou", "joined")).join(" · ");
    case "left":
      return about(event.userId, "leftYou", "left");
    case "removed":
      return about(event.userId, "removedYou", "removed");
    case "renamed":
      return about(event.by, "renamedYou", "renamed", { title: event.title });
    case "role":
      return about(event.userId, "roleChangedYou", "roleChanged", { role: t(event.role) });
    case "object":
      return objectEventText(wordsOf(ui), event);
    default:
      return assertNever(event);
  }
}

/** "Online", "Last seen 5 minutes ago", or nothing when hidden or unknown. */
export function presenceText(ui: Ui, presence: PresenceState | undefined): string {
  if (!presence) return "";
  if (presence.online) return ui.t("online");
  if (presence.lastSeenAt === null) return "";
  return ui.t("lastSeen", { time: formatAgo(ui.lang, presence.lastSeenAt) });
}

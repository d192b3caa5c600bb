/**
 * Objects: the things people chat about (a listing, a lost item, a shared device), with the
 * card every chat about them shows (docs/protocol.md, "Objects").
 */
import * as v from "valibot";
import { charLength, displayText, LIMITS, wholeParam } from "./common";
import { MediaId } from "./media";
import { ClientMsgId, MessageBody } from "./model";

/** Where an object stands. `reserved` and `sold` name the asker they are for. */
export const OBJECT_STATUSES = ["available", "reserved", "sold", "closed"] as const;
export type ObjectStatus = (typeof OBJECT_STATUSES)[number];

const ObjectTitle = displayText(1, LIMITS.objectTitleMax, "title");
const StatusLabel = displayText(1, LIMITS.objectLabelMax, "statusLabel");

const Description = v.pipe(
  v.string("description must be a string"),
  v.check(
    (s) => charLength(s) <= LIMITS.objectDescriptionMax,
    `description must be at most ${LIMITS.objectDescriptionMax} characters`,
  ),
);

/** A price in minor units (cents, won) and an ISO 4217 currency code. */
const Price = v.strictObject({
  amount: v.pipe(
    v.number("price.amount must be a number"),
    v.integer("price.amount must be a whole number of minor units"),
    v.minValue(0, "price.amount must not be negative"),
    v.maxValue(1e15, "price.amount is too large"),
  ),
  currency: v.pipe(
    v.string("price.currency must be a string"),
    v.regex(/^[A-Z]{3}$/, "price.currency must be a three-letter ISO 4217 code"),
  ),
});
export type Price = v.InferOutput<typeof Price>;

const AttributeValue = v.union(
  [
    v.pipe(
      v.string(),
      v.check(
        (s) => charLength(s) <= LIMITS.objectAttributeValueMax,
        `an attribute's text must be at most ${LIMITS.objectAttributeValueMax} characters`,
      ),
    ),
    v.pipe(v.number(), v.finite()),
    v.boolean(),
  ],
  "an attribute must be text, a number or true/false",
);

/** A small map of what else describes the object (size, colour, serial number). */
const Attributes = v.pipe(
  v.record(
    v.pipe(
      v.string(),
      v.regex(/^[A-Za-z0-9_.-]{1,32}$/, "attribute names are 1 to 32 letters, digits, _ . or -"),
    ),
    AttributeValue,
  ),
  v.check(
    (map) => Object.keys(map).length <= LIMITS.objectAttributesMax,
    `at most ${LIMITS.objectAttributesMax} attributes`,
  ),
);

/**
 * An image: the id of an upload of the owner (an image browsers show, see "Media"), or an
 * https URL. In card order.
 */
const ImageRef = v.union(
  [
    v.pipe(v.string(), v.maxLength(LIMITS.objectImageRefMax), v.url(), v.startsWith("https://")),
    MediaId,
  ],
  "each image must be an https URL or an upload id",
);
const Images = v.pipe(
  v.array(ImageRef, "images must be a list"),
  v.maxLength(LIMITS.objectImagesMax, `at most ${LIMITS.objectImagesMax} images`),
);

/**
 * The quick questions of an object whose owner set none: what askers ask first on every
 * marketplace. An object's answer carries these in place of an empty list.
 */
export const DEFAULT_QUICK_QUESTIONS: readonly string[] = [
  "Is this still available?",
  "Can I see it in person?",
  "Is the price negotiable?",
];

/** The object as its routes answer it: an empty list of quick questions reads as the defaults. */
export function shownObject(object: ChatObject): ChatObject {
  return object.quickQuestions.length > 0
    ? object
    : { ...object, quickQuestions: [...DEFAULT_QUICK_QUESTIONS] };
}

/** One-tap first messages an asker may send ("Is this still available?"). */
const QuickQuestions = v.pipe(
  v.array(displayText(1, LIMITS.objectQuickQuestionMax, "a quick question")),
  v.maxLength(
    LIMITS.objectQuickQuestionsMax,
    `at most ${LIMITS.objectQuickQuestionsMax} quick questions`,
  ),
);

const fields = {
  title: ObjectTitle,
  description: v.optional(Description, ""),
  price: v.optional(v.nullable(Price), null),
  attributes: v.optional(Attributes, {}),
  images: v.optional(Images, []),
  /** The owner's own word for the status, shown on the card ("on hold", "found"). */
  statusLabel: v.optional(v.nullable(StatusLabel), null),
  /** New askers may open a chat while the object is reserved (else they are refused). */
  askWhileReserved: v.optional(v.boolean("askWhileReserved must be true or false"), true),
  /** Hide phone numbers and e-mail addresses in its chats until reserved for the asker. */
  hideContacts: v.optional(v.boolean("hideContacts must be true or false"), false),
  /** Empty: the service's default quick questions. */
  quickQuestions: v.optional(QuickQuestions, []),
};

/** `POST /api/objects`. */
export const CreateObjectBody = v.strictObject(fields);
export type CreateObjectBody = v.InferOutput<typeof CreateObjectBody>;

/**
 * `PATCH /api/objects/:id`: one or more of the fields, and `status` `available` or `closed` (a
 * reservation or a sale names an asker: the deal routes set them).
 */
export const UpdateObjectBody = v.pipe(
  v.strictObject({
    title: v.optional(ObjectTitle),
    description: v.optional(Description),
    price: v.optional(v.nullable(Price)),
    attributes: v.optional(Attributes),
    images: v.optional(Images),
    statusLabel: v.optional(v.nullable(StatusLabel)),
    askWhileReserved: v.optional(v.boolean("askWhileReserved must be true or false")),
    hideContacts: v.optional(v.boolean("hideContacts must be true or false")),
    quickQuestions: v.optional(QuickQuestions),
    status: v.optional(
      v.picklist(["available", "closed"], 'status must be "available" or "closed"'),
    ),
  }),
  v.check((body) => Object.keys(body).length > 0, "give at least one field to change"),
);
export type UpdateObjectBody = v.InferOutput<typeof UpdateObjectBody>;

/** An object, as its routes answer it. */
export interface ChatObject {
  id: string;
  ownerId: string;
  title: string;
  description: string;
  price: Price | null;
  attributes: Record<string, string | number | boolean>;
  images: string[];
  status: ObjectStatus;
  statusLabel: string | null;
  /** The asker it is reserved for or sold to; null otherwise. */
  dealWith: string | null;
  askWhileReserved: boolean;
  hideContacts: boolean;
  quickQuestions: string[];
  createdAt: number;
  updatedAt: number;
  /** Bumped by every change; the order of the events it sends to its chats. */
  version: number;
}

/** `GET /api/objects?owner=…`: a page of one owner's objects, newest first. */
export interface ObjectPage {
  objects: ChatObject[];
  nextCursor: string | null;
}

/** One chat about an object, as its owner's list shows it (`GET /api/objects/:id/chats`). */
export interface ObjectChat {
  roomId: string;
  askerId: string;
  createdAt: number;
}

/** What a chat about the object shows of it: its card. */
export type ObjectCard = Pick<
  ChatObject,
  | "id"
  | "ownerId"
  | "title"
  | "price"
  | "status"
  | "statusLabel"
  | "dealWith"
  | "hideContacts"
  | "version"
> & {
  /** The first image, if any. */
  image: string | null;
  /** The owner deleted it: its chats stay readable, and read-only. */
  deleted: boolean;
};

export function cardOf(object: ChatObject, deleted = false): ObjectCard {
  const { id, ownerId, title, price, status, statusLabel, dealWith, hideContacts, version } =
    object;
  return {
    id,
    ownerId,
    title,
    price,
    status,
    statusLabel,
    dealWith,
    hideContacts,
    version,
    image: object.images[0] ?? null,
    deleted,
  };
}

/** A card as stored by a room or a session (written by this server, read back checked). */
export const StoredCard = v.object({
  id: v.string(),
  ownerId: v.string(),
  title: v.string(),
  price: v.nullable(v.object({ amount: v.number(), currency: v.string() })),
  status: v.picklist(OBJECT_STATUSES),
  statusLabel: v.nullable(v.string()),
  dealWith: v.nullable(v.string()),
  hideContacts: v.boolean(),
  version: v.number(),
  image: v.nullable(v.string()),
  deleted: v.boolean(),
});

/** A card as a room or a session stored it (JSON); one that does not parse is a fault. */
export function parseStoredCard(json: string): ObjectCard {
  const parsed = v.safeParse(StoredCard, JSON.parse(json));
  if (!parsed.success) throw new Error("a stored card does not match the expected shape");
  return parsed.output;
}

/** Whether two cards show the same (the version aside): a change that chats hear of. */
export function sameCard(a: ObjectCard, b: ObjectCard): boolean {
  return JSON.stringify({ ...a, version: 0 }) === JSON.stringify({ ...b, version: 0 });
}

/**
 * Whether members of a chat about the object may still write in it: not once it is closed or
 * deleted; once sold, only in the buyer's chat (`askerId` is the chat's asker).
 */
export function chatOpen(card: ObjectCard, askerId: string): boolean {
  if (card.deleted || card.status === "closed") return false;
  return card.status !== "sold" || card.dealWith === askerId;
}

/** Why a chat about the object takes no more messages (see {@link chatOpen}). */
export function readOnlyReason(card: ObjectCard): string {
  if (card.deleted) return "the object was deleted; its chat is read-only";
  if (card.status === "sold") return "the object was sold to someone else; its chat is read-only";
  return `the object is ${card.status}; its chat is read-only`;
}

/** Whether phone numbers and e-mail addresses are hidden in the asker's chat. */
export function contactsHidden(card: ObjectCard, askerId: string): boolean {
  return (
    card.hideContacts &&
    !((card.status === "reserved" || card.status === "sold") && card.dealWith === askerId)
  );
}

/** One change of an object as its chats apply it: the card after it, at its version. */
export interface ObjectChange {
  version: number;
  card: ObjectCard;
}

/** `POST /api/objects/:id/deal`: reserve the object for an asker, or mark it sold to one. */
export const DealBody = v.strictObject({
  status: v.picklist(["reserved", "sold"], 'status must be "reserved" or "sold"'),
  askerId: v.pipe(v.string("askerId must be a string"), v.minLength(1), v.maxLength(64)),
});
export type DealBody = v.InferOutput<typeof DealBody>;

/** One of the owner's objects in their inbox (`GET /api/rooms/objects`). */
export interface ObjectInboxGroup {
  /** The card as the newest of its chats has it. */
  card: ObjectCard;
  /** The chats about it the owner is in. */
  chats: number;
  /** Unread messages over those chats. */
  unreadCount: number;
  /** The newest activity in any of them. */
  lastActivityAt: number;
}

/** An object page's cursor: where the last object of the page stands. */
const OBJECT_CURSOR = /^(\d{1,15})\.([0-9a-f-]{36})$/;

export function objectCursor(object: Pick<ChatObject, "createdAt" | "id">): string {
  return `${object.createdAt}.${object.id}`;
}

/** `GET /api/objects?owner=&limit=&cursor=`: one owner's objects (yours without `owner`). */
export const ObjectsQuery = v.strictObject({
  owner: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(64))),
  limit: wholeParam("limit", 6),
  cursor: v.optional(
    v.pipe(
      v.string("cursor must be a string"),
      v.regex(OBJECT_CURSOR, "cursor is not one this server gave"),
      v.transform((text) => {
        const [, at, id] = OBJECT_CURSOR.exec(text) ?? [];
        return { createdAt: Number(at), id: id ?? "" };
      }),
    ),
  ),
});
export type ObjectsQuery = v.InferOutput<typeof ObjectsQuery>;

/** `POST /api/objects/:id/tokens`: a token with which the object posts into its chats. */
export const CreateObjectTokenBody = v.strictObject({
  name: displayText(1, LIMITS.objectTokenNameMax, "name"),
});

/** An object token as its owner lists it: never the token itself. */
export interface ObjectToken {
  id: string;
  name: string;
  createdAt: number;
  /** When it last posted; null if never. */
  lastUsedAt: number | null;
}

/** The answer to creating a token: the one time the token is shown. */
export interface NewObjectToken extends ObjectToken {
  /** `ot_<id>_<secret>`: the bearer credential of `POST /api/objects/:id/posts`. */
  token: string;
}

/** `POST /api/objects/:id/posts` (object token): into one asker's chat, or all of them. */
export const ObjectPostBody = v.strictObject({
  clientMsgId: ClientMsgId,
  body: MessageBody,
  askerId: v.optional(
    v.pipe(v.string("askerId must be a string"), v.minLength(1), v.maxLength(64)),
  ),
});
export type ObjectPostBody = v.InferOutput<typeof ObjectPostBody>;

/** The answer to a post into every chat: it is on its way to this many. */
export interface ObjectPostAccepted {
  clientMsgId: string;
  chats: number;
}

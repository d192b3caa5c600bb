/**
 * Object rows in D1 and back: every column read is checked (a row from another version, or
 * a JSON column that does not hold what it should, fails loudly instead of flowing on).
 */
import * as v from "valibot";
import { type ChatObject, OBJECT_STATUSES } from "../protocol";

const Json = <S extends v.GenericSchema>(schema: S) =>
  v.pipe(
    v.string(),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      try {
        return JSON.parse(dataset.value) as unknown;
      } catch {
        addIssue({ message: "not JSON" });
        return NEVER;
      }
    }),
    schema,
  );

const ObjectRow = v.object({
  id: v.string(),
  owner_id: v.string(),
  title: v.string(),
  description: v.string(),
  price: v.nullable(Json(v.object({ amount: v.number(), currency: v.string() }))),
  attributes: Json(v.record(v.string(), v.union([v.string(), v.number(), v.boolean()]))),
  images: Json(v.array(v.string())),
  status: v.picklist(OBJECT_STATUSES),
  status_label: v.nullable(v.string()),
  deal_with: v.nullable(v.string()),
  ask_while_reserved: v.number(),
  hide_contacts: v.number(),
  quick_questions: Json(v.array(v.string())),
  version: v.number(),
  created_at: v.number(),
  updated_at: v.number(),
  deleted_at: v.nullable(v.number()),
});

/** An object as stored, and whether it was deleted. */
export interface StoredObject {
  object: ChatObject;
  deletedAt: number | null;
}

export function toStoredObject(raw: unknown): StoredObject {
  const parsed = v.safeParse(ObjectRow, raw);
  if (!parsed.success) throw new Error("objects row does not match the expected shape");
  const row = parsed.output;
  return {
    object: {
      id: row.id,
      ownerId: row.owner_id,
      title: row.title,
      description: row.description,
      price: row.price,
      attributes: row.attributes,
      images: row.images,
      status: row.status,
      statusLabel: row.status_label,
      dealWith: row.deal_with,
      askWhileReserved: row.ask_while_reserved === 1,
      hideContacts: row.hide_contacts === 1,
      quickQuestions: row.quick_questions,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      version: row.version,
    },
    deletedAt: row.deleted_at,
  };
}

/** Each field's column: the one place a field meets its column, for inserts and edits. */
const COLUMN_OF = {
  id: "id",
  ownerId: "owner_id",
  title: "title",
  description: "description",
  price: "price",
  attributes: "attributes",
  images: "images",
  status: "status",
  statusLabel: "status_label",
  dealWith: "deal_with",
  askWhileReserved: "ask_while_reserved",
  hideContacts: "hide_contacts",
  quickQuestions: "quick_questions",
  version: "version",
  createdAt: "created_at",
  updatedAt: "updated_at",
} as const satisfies Record<keyof ChatObject, string>;

const FIELDS = Object.keys(COLUMN_OF) as (keyof ChatObject)[];

/** The columns an object writes, in order. */
export const OBJECT_COLUMNS = FIELDS.map((field) => COLUMN_OF[field]);

type Stored = string | number | null;

/** A field's value as its column holds it: lists and maps as JSON, true/false as 1/0. */
function stored(value: ChatObject[keyof ChatObject]): Stored {
  if (value === null || typeof value === "string" || typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  return JSON.stringify(value);
}

/** The columns of the fields given (`undefined` is not given; `null` is), with their values. */
export function columnsOf(fields: Partial<ChatObject>): [string, Stored][] {
  return FIELDS.flatMap((field): [string, Stored][] => {
    const value = fields[field];
    return value === undefined ? [] : [[COLUMN_OF[field], stored(value)]];
  });
}

/** A whole object's values, in the order of OBJECT_COLUMNS. */
export function objectValues(object: ChatObject): Stored[] {
  return FIELDS.map((field) => stored(object[field]));
}

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

/** The columns an object writes, in order, and their values. */
export const OBJECT_COLUMNS = [
  "id",
  "owner_id",
  "title",
  "description",
  "price",
  "attributes",
  "images",
  "status",
  "status_label",
  "deal_with",
  "ask_while_reserved",
  "hide_contacts",
  "quick_questions",
  "version",
  "created_at",
  "updated_at",
] as const;

export function objectValues(object: ChatObject): (string | number | null)[] {
  return [
    object.id,
    object.ownerId,
    object.title,
    object.description,
    object.price === null ? null : JSON.stringify(object.price),
    JSON.stringify(object.attributes),
    JSON.stringify(object.images),
    object.status,
    object.statusLabel,
    object.dealWith,
    object.askWhileReserved ? 1 : 0,
    object.hideContacts ? 1 : 0,
    JSON.stringify(object.quickQuestions),
    object.version,
    object.createdAt,
    object.updatedAt,
  ];
}

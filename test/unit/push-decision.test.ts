import { describe, expect, it } from "vitest";
import type { Attachment, ChatMessage } from "../../src/protocol";
import { OBJECT_SENDER } from "../../src/push/job";
import {
  notifies,
  type PushDevice,
  planPush,
  pushJob,
  pushTargets,
  pushText,
} from "../../src/session/push-decision";
import { textMessage } from "../worker/messages";

const ME = "me";
const context = { userId: ME, muted: false, doNotDisturbUntil: null, now: 1_000 };
const devices: PushDevice[] = [
  { deviceId: "phone", connected: false, subscribed: true },
  { deviceId: "laptop", connected: true, subscribed: true },
  { deviceId: "tablet", connected: false, subscribed: false },
];
const system = (seq: number, event: ChatMessage["system"]): ChatMessage =>
  textMessage(seq, {
    kind: "system",
    senderId: null,
    body: "",
    ...(event ? { system: event } : {}),
  });

describe("deciding to push", () => {
  it("pushes to the subscribed devices that are not connected, with the newest message", () => {
    const batch = [textMessage(1, { senderId: "bo" }), textMessage(2, { senderId: "bo" })];
    expect(pushTargets(batch, devices, context)).toEqual({
      deviceIds: ["phone"],
      message: batch[1],
    });
  });

  it("pushes nothing when every subscribed device is connected", () => {
    const connected = devices.map((d) => ({ ...d, connected: true }));
    expect(pushTargets([textMessage(1, { senderId: "bo" })], connected, context)).toBeNull();
  });

  it("pushes nothing for the user's own messages, a muted room, or during do-not-disturb", () => {
    expect(pushTargets([textMessage(1, { senderId: ME })], devices, context)).toBeNull();
    const fromBo = [textMessage(1, { senderId: "bo" })];
    expect(pushTargets(fromBo, devices, { ...context, muted: true })).toBeNull();
    expect(pushTargets(fromBo, devices, { ...context, doNotDisturbUntil: 1_001 })).toBeNull();
    // Do-not-disturb that has ended no longer holds pushes back.
    expect(pushTargets(fromBo, devices, { ...context, doNotDisturbUntil: 1_000 })).not.toBeNull();
  });

  it("notifies of being added to a room, and of no other room event", () => {
    expect(notifies(system(3, { type: "joined", by: "bo", userIds: [ME, "cy"] }), ME)).toBe(true);
    expect(notifies(system(3, { type: "joined", by: "bo", userIds: ["cy"] }), ME)).toBe(false);
    const created = (memberIds: string[], by = "bo") =>
      system(1, { type: "created", by, title: "t", memberIds });
    expect(notifies(created([ME, "bo"]), ME)).toBe(true);
    expect(notifies(created(["cy", "bo"]), ME)).toBe(false);
    expect(notifies(created([ME, "bo"], ME), ME)).toBe(false);
    // A pair's room (direct, object) is no news until its first message.
    for (const roomId of ["dm:bo:me", "obj:o1:bo"]) {
      expect(notifies({ ...created([ME, "bo"]), roomId }, ME)).toBe(false);
    }
    expect(notifies(system(4, { type: "renamed", by: "bo", title: "t" }), ME)).toBe(false);
    expect(notifies(system(5, { type: "left", userId: "bo" }), ME)).toBe(false);
    const joinedThenTalk = [
      textMessage(6, { senderId: "bo" }),
      system(7, { type: "renamed", by: "bo", title: "x" }),
    ];
    // The newest message worth a notification, not the newest of the batch.
    expect(pushTargets(joinedThenTalk, devices, context)?.message.seq).toBe(6);
  });
});

describe("the job and the plan when it is sent", () => {
  it("makes one job per user: who, which room and seq, from whom, the text", () => {
    const message = textMessage(4, { senderId: "bo", body: "hi" });
    expect(pushJob(ME, message)).toEqual({
      v: 1,
      userId: ME,
      roomId: message.roomId,
      seq: 4,
      kind: "message",
      from: "bo",
      text: "hi",
      at: message.createdAt,
    });
    const added = system(2, { type: "joined", by: "bo", userIds: [ME] });
    expect(pushJob(ME, added)).toMatchObject({ kind: "added", from: "bo", text: "" });
  });

  it("notifies every member of a post of the chat's object, with no user as its sender", () => {
    const posted: ChatMessage = {
      ...textMessage(6, { senderId: null, body: "Battery at 15%" }),
      kind: "object",
    };
    expect(notifies(posted, ME)).toBe(true);
    expect(pushJob(ME, posted)).toMatchObject({
      kind: "object",
      from: OBJECT_SENDER,
      text: "Battery at 15%",
    });
  });

  it("says what files are when they come without a caption", () => {
    const file = (type: Attachment["type"], name: string | null = null): Attachment => ({
      id: crypto.randomUUID(),
      type,
      size: 10,
      name,
      width: null,
      height: null,
      thumbId: null,
    });
    const sent = (attachments: Attachment[], body = ""): ChatMessage => ({
      ...textMessage(7, { senderId: "bo", body }),
      kind: "attachment",
      attachments,
    });
    const photo = file("image/jpeg");
    const pdf = file("application/pdf", "plan.pdf");
    expect(notifies(sent([photo]), ME)).toBe(true);
    expect(notifies({ ...sent([photo]), senderId: ME }, ME)).toBe(false);
    expect(pushJob(ME, sent([photo]))).toMatchObject({
      kind: "message",
      from: "bo",
      text: "📷 Photo",
    });
    expect(pushText(sent([photo, file("image/png"), file("image/webp")]))).toBe("📷 3 photos");
    expect(pushText(sent([pdf]))).toBe("📎 plan.pdf");
    expect(pushText(sent([file("application/zip")]))).toBe("📎 File");
    expect(pushText(sent([photo, pdf]))).toBe("📎 2 files");
    expect(pushText(sent([file("image/heic")]))).toBe("📎 File");
    expect(pushText(sent([photo], "look at this"))).toBe("look at this");
  });

  const room = { membership: "member" as const, muted: false, readSeq: 3 };
  const plan = [
    { deviceId: "phone", connected: false, pushedSeq: 0 },
    { deviceId: "laptop", connected: true, pushedSeq: 0 },
    { deviceId: "tablet", connected: false, pushedSeq: 5 },
    { deviceId: "watch", connected: false, pushedSeq: 4 },
  ];
  const prefs = { doNotDisturbUntil: null, now: 1_000 };

  it("goes to devices still offline that have not had this seq or a newer one", () => {
    expect(planPush({ seq: 5 }, room, plan, prefs)).toEqual(["phone", "watch"]);
  });

  it("goes nowhere once the room is read, left or muted, or do-not-disturb began", () => {
    expect(planPush({ seq: 3 }, room, plan, prefs)).toEqual([]);
    expect(planPush({ seq: 5 }, { ...room, membership: "left" }, plan, prefs)).toEqual([]);
    expect(planPush({ seq: 5 }, { ...room, muted: true }, plan, prefs)).toEqual([]);
    expect(planPush({ seq: 5 }, room, plan, { ...prefs, doNotDisturbUntil: 1_001 })).toEqual([]);
    expect(planPush({ seq: 5 }, null, plan, prefs)).toEqual([]);
  });
});

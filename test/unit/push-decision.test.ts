import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../../src/protocol";
import { notifies, type PushDevice, pushTargets } from "../../src/session/push-decision";
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

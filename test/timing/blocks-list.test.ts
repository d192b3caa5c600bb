/** The block list at its edge (BLOCKS_LIST_MAX 2): the two most recently blocked users. */
import { describe, expect, it } from "vitest";
import type { BlockedUser } from "../../src/protocol";
import { call, signUp } from "../worker/helpers";

describe("the block list", () => {
  it("lists at most BLOCKS_LIST_MAX users, the most recently blocked first", async () => {
    const [me, a, b, c] = await Promise.all([signUp(), signUp(), signUp(), signUp()]);
    for (const other of [a, b, c]) {
      const put = await call("PUT", `/api/me/blocks/${other.user.id}`, { token: me.accessToken });
      expect(put.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 3)); // each its own millisecond
    }
    const list = await call<{ blocked: BlockedUser[] }>("GET", "/api/me/blocks", {
      token: me.accessToken,
    });
    expect(list.body.blocked.map((entry) => entry.user.id)).toEqual([c.user.id, b.user.id]);
  });
});

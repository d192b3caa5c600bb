/** A profile picture's square: centred at first, moved and sized, never outside the picture. */
import { describe, expect, it } from "vitest";
import { CROP_MIN, centred, fitCrop, moveCrop, sizeCrop } from "../../web/src/media/crop";

describe("the square of a picture", () => {
  it("starts as the largest one, centred", () => {
    expect(centred(400, 300)).toEqual({ x: 50, y: 0, side: 300 });
    expect(centred(300, 500)).toEqual({ x: 0, y: 100, side: 300 });
  });

  it("moves up to the picture's edges and no further", () => {
    const start = centred(400, 300);
    expect(moveCrop(start, 20, 0, 400, 300)).toEqual({ x: 70, y: 0, side: 300 });
    expect(moveCrop(start, 500, -9, 400, 300)).toEqual({ x: 100, y: 0, side: 300 });
    expect(moveCrop(start, -500, 9, 400, 300)).toEqual({ x: 0, y: 0, side: 300 });
  });

  it("is sized about its centre, between the minimum and the short side", () => {
    const start = centred(400, 300);
    expect(sizeCrop(start, 100, 400, 300)).toEqual({ x: 150, y: 100, side: 100 });
    expect(sizeCrop(start, 1, 400, 300).side).toBe(CROP_MIN);
    expect(sizeCrop({ x: 300, y: 200, side: 100 }, 300, 400, 300)).toEqual({
      x: 100,
      y: 0,
      side: 300,
    });
    expect(fitCrop({ x: 0, y: 0, side: 500 }, 40, 30)).toEqual({ x: 0, y: 0, side: 30 });
  });
});

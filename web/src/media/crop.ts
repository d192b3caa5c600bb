/**
 * The square of a picture kept as an avatar, in the picture's own pixels: centred at first,
 * moved and sized by the user, always inside the picture.
 */
export interface Crop {
  x: number;
  y: number;
  side: number;
}

/** The smallest square offered, in pixels (or the picture's short side, if smaller). */
export const CROP_MIN = 64;

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/** The largest square, centred. */
export function centred(width: number, height: number): Crop {
  const side = Math.min(width, height);
  return { x: (width - side) / 2, y: (height - side) / 2, side };
}

/** The square made to fit the picture: no smaller than the minimum, no part outside. */
export function fitCrop(crop: Crop, width: number, height: number): Crop {
  const short = Math.min(width, height);
  const side = clamp(crop.side, Math.min(CROP_MIN, short), short);
  return { x: clamp(crop.x, 0, width - side), y: clamp(crop.y, 0, height - side), side };
}

/** The square moved by (dx, dy) pixels, stopping at the picture's edges. */
export function moveCrop(crop: Crop, dx: number, dy: number, width: number, height: number) {
  return fitCrop({ ...crop, x: crop.x + dx, y: crop.y + dy }, width, height);
}

/** The square at a new size, about the same centre. */
export function sizeCrop(crop: Crop, side: number, width: number, height: number): Crop {
  const grow = (side - crop.side) / 2;
  return fitCrop({ x: crop.x - grow, y: crop.y - grow, side }, width, height);
}

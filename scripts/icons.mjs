#!/usr/bin/env node
// Draws the app's icons into web/public (committed; run again after changing them): a white
// speech bubble on the app's accent blue. `icon-<size>.png` has rounded corners;
// `icon-maskable-512.png` fills its square and keeps the bubble inside the centre 60%,
// the safe zone a launcher's mask never cuts. Plain PNG, written with node:zlib.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";

const ACCENT = [0x0b, 0x57, 0xd0];
const WHITE = [0xff, 0xff, 0xff];

/** Distance outside a rounded rectangle (negative inside), all in units of the icon's side. */
function roundedBox(x, y, cx, cy, halfW, halfH, radius) {
  const qx = Math.abs(x - cx) - halfW + radius;
  const qy = Math.abs(y - cy) - halfH + radius;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

/** The bubble, `scale` of the icon wide, centred: a rounded box with a tail at bottom left. */
function bubble(x, y, scale) {
  const u = (v) => v * scale;
  const box = roundedBox(x, y, 0.5, 0.5 - u(0.05), u(0.5), u(0.36), u(0.16));
  // The tail: a triangle below the box's left half.
  const tx = (x - 0.5) / scale;
  const ty = (y - 0.5) / scale;
  const tail = ty > 0.2 && ty < 0.5 && tx > -0.32 && tx < -0.05 && tx + 0.32 < (0.5 - ty) * 1.1;
  return box <= 0 || tail;
}

function pixels(size, maskable) {
  const rows = [];
  for (let py = 0; py < size; py++) {
    const row = [0]; // filter: none
    for (let px = 0; px < size; px++) {
      // 4x4 samples a pixel, for smooth edges.
      let inIcon = 0;
      let inBubble = 0;
      for (let s = 0; s < 16; s++) {
        const x = (px + ((s % 4) + 0.5) / 4) / size;
        const y = (py + (Math.floor(s / 4) + 0.5) / 4) / size;
        const icon = maskable || roundedBox(x, y, 0.5, 0.5, 0.5, 0.5, 0.22) <= 0;
        if (!icon) continue;
        inIcon++;
        if (bubble(x, y, maskable ? 0.6 : 0.7)) inBubble++;
      }
      const mix = inIcon === 0 ? 0 : inBubble / inIcon;
      const colour = ACCENT.map((c, i) => Math.round(c + ((WHITE[i] ?? 0) - c) * mix));
      row.push(...colour, Math.round((inIcon / 16) * 255));
    }
    rows.push(Buffer.from(row));
  }
  return Buffer.concat(rows);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
function png(size, maskable) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(pixels(size, maskable), { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const out = (name) => fileURLToPath(new URL(`../web/public/${name}`, import.meta.url));
for (const [name, size, maskable] of [
  ["icon-192.png", 192, false],
  ["icon-512.png", 512, false],
  ["icon-maskable-512.png", 512, true],
]) {
  writeFileSync(out(name), png(size, maskable));
  console.log(`wrote web/public/${name}`);
}

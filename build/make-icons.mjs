// Draws the app and tray icons (no network, no image tools): a white key on a blue rounded square for the
// app; a key alone for the tray, in three states. Writes PNG, ICNS (PNG payloads) and ICO (PNG payloads).
//   node build/make-icons.mjs        (re-run after changing the drawing; the outputs are committed)
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
function png(size, rgba) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

// Shapes in a unit square (0..1), as "inside?" tests; coverage by 4x4 supersampling gives smooth edges.
const roundedSquare = (x, y, r = 0.2, m = 0.04) => {
  const cx = Math.min(Math.max(x, m + r), 1 - m - r);
  const cy = Math.min(Math.max(y, m + r), 1 - m - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
/** A key: ring at the left, shaft to the right, two teeth down. `s` scales it around the centre. */
const key = (x, y, s = 1) => {
  const u = (x - 0.5) / s + 0.5;
  const v = (y - 0.5) / s + 0.5;
  const d = Math.hypot(u - 0.32, v - 0.5);
  const ring = d <= 0.17 && d >= 0.085;
  const shaft = u >= 0.46 && u <= 0.84 && Math.abs(v - 0.5) <= 0.045;
  const tooth1 = u >= 0.7 && u <= 0.76 && v >= 0.5 && v <= 0.64;
  const tooth2 = u >= 0.78 && u <= 0.84 && v >= 0.5 && v <= 0.6;
  return ring || shaft || tooth1 || tooth2;
};

function draw(size, layers) {
  const rgba = Buffer.alloc(size * size * 4);
  const S = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const x = (px + (sx + 0.5) / S) / size;
          const y = (py + (sy + 0.5) / S) / size;
          let colour = null;
          for (const [inside, c] of layers) if (inside(x, y)) colour = c;
          if (colour) {
            r += colour[0];
            g += colour[1];
            b += colour[2];
            a += 255;
          }
        }
      }
      const n = S * S;
      const o = (py * size + px) * 4;
      const cover = a / n;
      rgba[o] = cover ? Math.round((r / n) * (255 / cover)) : 0;
      rgba[o + 1] = cover ? Math.round((g / n) * (255 / cover)) : 0;
      rgba[o + 2] = cover ? Math.round((b / n) * (255 / cover)) : 0;
      rgba[o + 3] = Math.round(cover);
    }
  }
  return png(size, rgba);
}

const BLUE = [31, 78, 140];
const WHITE = [255, 255, 255];
const appIcon = (size) => draw(size, [[(x, y) => roundedSquare(x, y), BLUE], [(x, y) => key(x, y, 0.9), WHITE]]);

function icns(entries) {
  const parts = entries.map(([type, data]) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([head, data]);
  });
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

function ico(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const dir = images.map(([size, data]) => {
    const e = Buffer.alloc(16);
    e[0] = size >= 256 ? 0 : size;
    e[1] = size >= 256 ? 0 : size;
    e.writeUInt16LE(1, 4);
    e.writeUInt16LE(32, 6);
    e.writeUInt32LE(data.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += data.length;
    return e;
  });
  return Buffer.concat([header, ...dir, ...images.map(([, d]) => d)]);
}

const out = (name, data) => {
  const file = join(here, 'icons', name);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, data);
};

const sizes = { 16: appIcon(16), 32: appIcon(32), 48: appIcon(48), 128: appIcon(128), 256: appIcon(256), 512: appIcon(512), 1024: appIcon(1024) };
out('icon.png', sizes[512]);
out('512x512.png', sizes[512]);
out('256x256.png', sizes[256]);
out('128x128.png', sizes[128]);
out('48x48.png', sizes[48]);
out('32x32.png', sizes[32]);
out('16x16.png', sizes[16]);
out('icon.icns', icns([['icp4', sizes[16]], ['icp5', sizes[32]], ['ic07', sizes[128]], ['ic08', sizes[256]], ['ic09', sizes[512]], ['ic10', sizes[1024]]]));
out('icon.ico', ico([[16, sizes[16]], [32, sizes[32]], [48, sizes[48]], [256, sizes[256]]]));

// Tray: black key (macOS uses it as a template image), grey when idle, an orange dot when something needs attention.
const BLACK = [0, 0, 0];
const GREY = [120, 120, 120];
const ORANGE = [230, 120, 0];
const dot = (x, y) => Math.hypot(x - 0.8, y - 0.22) <= 0.17;
const trays = {
  idle: [[(x, y) => key(x, y, 1.15), GREY]],
  active: [[(x, y) => key(x, y, 1.15), BLACK]],
  attention: [[(x, y) => key(x, y, 1.15), BLACK], [dot, ORANGE]],
};
for (const [state, layers] of Object.entries(trays)) {
  out(`tray/tray-${state}.png`, draw(16, layers));
  out(`tray/tray-${state}@2x.png`, draw(32, layers));
}

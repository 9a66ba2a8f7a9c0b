// Rasterises public/favicon.svg into the PNG icons and favicon.ico in public/. Run it after changing the SVG:
//   node scripts/make-icons.mjs
// sharp comes with Next (its image optimiser), so nothing is fetched.
import { readFile, writeFile } from "node:fs/promises";
import sharp from "sharp";

const svg = await readFile(new URL("../public/favicon.svg", import.meta.url));
const png = (size) => sharp(svg, { density: (72 * size) / 64 }).resize(size, size).png().toBuffer();
const out = (name) => new URL(`../public/${name}`, import.meta.url);

await writeFile(out("icon-192.png"), await png(192));
await writeFile(out("icon-512.png"), await png(512));
// iOS draws its own rounded corners and shows transparency as black: a full square on the app's background.
const apple = await sharp({ create: { width: 180, height: 180, channels: 4, background: "#5865f2" } })
  .composite([{ input: await png(180) }])
  .png()
  .toBuffer();
await writeFile(out("apple-touch-icon.png"), apple);

// An ICO holding PNG images (supported since Windows Vista): the header, one directory entry per image, the images.
const sizes = [16, 32, 48];
const images = await Promise.all(sizes.map(png));
const header = Buffer.alloc(6 + 16 * sizes.length);
header.writeUInt16LE(0, 0);
header.writeUInt16LE(1, 2);
header.writeUInt16LE(sizes.length, 4);
let offset = header.length;
sizes.forEach((size, i) => {
  const entry = 6 + 16 * i;
  header.writeUInt8(size, entry);
  header.writeUInt8(size, entry + 1);
  header.writeUInt16LE(1, entry + 4);
  header.writeUInt16LE(32, entry + 6);
  header.writeUInt32LE(images[i].length, entry + 8);
  header.writeUInt32LE(offset, entry + 12);
  offset += images[i].length;
});
await writeFile(out("favicon.ico"), Buffer.concat([header, ...images]));

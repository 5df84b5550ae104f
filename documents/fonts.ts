/**
 * The CJK font embedded in every document: Noto Sans TC (SIL OFL) from the npm package
 * @expo-google-fonts/noto-sans-tc, found through Node's module resolution so it works from any
 * working directory and needs nothing outside node_modules. pdfkit embeds only the glyphs used.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const PACKAGE = '@expo-google-fonts/noto-sans-tc';

/** Names under which the fonts are registered on each document. */
export const FONT = { regular: 'NotoSansTC-Regular', bold: 'NotoSansTC-Bold' } as const;

const files: Record<keyof typeof FONT, string> = {
  regular: `${PACKAGE}/400Regular/NotoSansTC_400Regular.ttf`,
  bold: `${PACKAGE}/700Bold/NotoSansTC_700Bold.ttf`,
};

const cache = new Map<keyof typeof FONT, Buffer>();

/** The font file's bytes, read once per process (each weight is about 7 MB). */
export function loadFont(weight: keyof typeof FONT): Buffer {
  let bytes = cache.get(weight);
  if (!bytes) {
    bytes = readFileSync(require.resolve(files[weight]));
    cache.set(weight, bytes);
  }
  return bytes;
}

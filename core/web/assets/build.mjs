// Builds the toolkit's front-end assets from the npm packages into core/web/static/build/
// (git-ignored; the wheel carries them). Run by `npm run build`, which `make run` and `make test` call.
//
//   mad.css            GOV.UK Frontend + MOJ Frontend compiled with the force's typeface stack, and the
//                      toolkit's own additions (core/web/assets/_additions.scss)
//   fonts.css, fonts/  Noto Naskh Arabic and Noto Nastaliq Urdu (@fontsource), Arabic-script subsets
//   assets/images/     MOJ Frontend's icons (sortable table arrows, timeline, ...)
//   *.min.js, mad.mjs  GOV.UK Frontend and MOJ Frontend modules, and the toolkit's start-up module
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const modules = join(root, "node_modules");
const out = join(root, "core", "web", "static", "build");
const here = join(root, "core", "web", "assets");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "assets", "images"), { recursive: true });

// 1. The stylesheet. GOV.UK Frontend's own deprecation notices about MOJ Frontend are not ours to fix.
const css = sass.compile(join(here, "mad.scss"), {
  loadPaths: [root],
  style: "compressed",
  quietDeps: true,
  logger: { warn: (message, options) => { if (!options.deprecation && !/deprecated/.test(message)) console.warn(message); } },
});
writeFileSync(join(out, "mad.css"), css.css);

// 2. Fonts for the right-to-left scripts the toolkit sends (only the Arabic-script subsets: the
//    interface's own text uses the system typeface).
const families = ["noto-naskh-arabic", "noto-nastaliq-urdu"];
let fontFaces = "/* Fonts for Arabic and Urdu, from @fontsource (built by core/web/assets/build.mjs). */\n";
for (const family of families) {
  mkdirSync(join(out, "fonts", family), { recursive: true });
  for (const weight of [400, 700]) {
    const source = readFileSync(join(modules, "@fontsource", family, `arabic-${weight}.css`), "utf8");
    for (const match of source.matchAll(/url\(\.\/files\/([^)]+)\)/g)) {
      cpSync(join(modules, "@fontsource", family, "files", match[1]), join(out, "fonts", family, match[1]));
    }
    fontFaces += source.replaceAll("url(./files/", `url(fonts/${family}/`) + "\n";
  }
}
writeFileSync(join(out, "fonts.css"), fontFaces);

// 3. MOJ Frontend's icons (not its or GOV.UK's crests and logotypes, which are not the force's).
const mojImages = join(modules, "@ministryofjustice", "frontend", "moj", "assets", "images");
cpSync(mojImages, join(out, "assets", "images"), {
  recursive: true,
  filter: (path) => !/(logotype|crest|apple-touch|opengraph)/.test(path),
});

// 4. Scripts: the packages' ES modules and the toolkit's start-up module that initialises them.
cpSync(join(modules, "govuk-frontend", "dist", "govuk", "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
cpSync(join(modules, "@ministryofjustice", "frontend", "moj", "moj-frontend.min.js"), join(out, "moj-frontend.min.js"));
cpSync(join(here, "mad.mjs"), join(out, "mad.mjs"));
cpSync(join(here, "offline-directory.mjs"), join(out, "offline-directory.mjs"));
cpSync(join(here, "sw.js"), join(out, "sw.js"));
cpSync(join(here, "icons"), join(out, "icons"), { recursive: true });  // the toolkit's own icon, not a crest  // served at /sw.js by core/web/offline.py

console.log(`Front-end assets built in ${out}`);

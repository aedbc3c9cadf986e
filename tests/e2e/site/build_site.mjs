// Bundles the test site's chat pages (real editors from npm) into tests/e2e/.site/:
// <name>-chat.js for each entry below; the suites choose one per page (site.mjs,
// saved_site.py).
import { build } from "esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const CHATS = {
  react: "react_chat.jsx",
  lexical: "lexical_chat.js",
  prosemirror: "prosemirror_chat.js",
  plain: "plain_chat.js",
};
await build({
  entryPoints: Object.fromEntries(Object.entries(CHATS).map(([name, file]) => [`${name}-chat`, join(here, file)])),
  outdir: join(here, "..", ".site"),
  bundle: true,
  format: "iife",
  jsx: "automatic",
  minify: true,
  define: { "process.env.NODE_ENV": '"production"' },
  logLevel: "warning",
});

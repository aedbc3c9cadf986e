// Bundles the test site's scripts (real React from npm) into tests/e2e/.site/.
import { build } from "esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
await build({
  entryPoints: { "react-chat": join(here, "react_chat.jsx") },
  outdir: join(here, "..", ".site"),
  bundle: true,
  format: "iife",
  jsx: "automatic",
  minify: true,
  define: { "process.env.NODE_ENV": '"production"' },
  logLevel: "warning",
});

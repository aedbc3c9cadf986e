// The snapshots of the saved pages in tests/fixtures/pages, made once under CPython by
// py_core._html_snapshot (the same reading as the content script's snapshot.js). That
// helper is a developer tool the extension never ships, so the Pyodide bundle does not
// have it: the tests hand the bundle the snapshot, as the content script does.
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

const SCRIPT = `
import json, sys
from pathlib import Path
from py_core._html_snapshot import snapshot_from_html
pages = Path(sys.argv[1])
index = json.loads((pages / "index.json").read_text(encoding="utf-8"))
print(json.dumps({
    name: snapshot_from_html((pages / name).read_text(encoding="utf-8"), url=entry["url"])
    for name, entry in index.items()
}))
`;

/** {file name: snapshot} for every page of tests/fixtures/pages/index.json. */
export function savedSnapshots() {
  const out = execFileSync(join(ROOT, ".venv", "bin", "python"), ["-c", SCRIPT, join(ROOT, "tests", "fixtures", "pages")], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(out);
}

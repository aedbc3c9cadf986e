// Node 20's fetch cannot read files, and the Python host fetches its bundle (snapshot.bin,
// site.bin, ...) by URL. In Node the bundle's "URL" is a path: read those from disk.
import { readFileSync } from "node:fs";

export function fetchFilesFromDisk() {
  const real = globalThis.fetch;
  globalThis.fetch = async (url) => (String(url).startsWith("/") ? new Response(readFileSync(String(url))) : real(url));
}

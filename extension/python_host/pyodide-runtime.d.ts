// The Pyodide runtime files that build.py copies into each built tree (dist/<browser>/pyodide/)
// from node_modules/pyodide: the source tree does not have them, so their types come from
// the npm package here.
declare module "*/pyodide/pyodide.mjs" {
  export const loadPyodide: typeof import("pyodide").loadPyodide;
}
declare module "*/pyodide/pyodide.asm.mjs" {
  const asm: any;
  export = asm;
}

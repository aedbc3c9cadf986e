// A chat box built with ProseMirror from npm: the basic schema, history and the base
// keymap, Enter bound to "send" the way chat pages do it. Its own state is view.state.
import { baseKeymap } from "prosemirror-commands";
import { history, redo, undo } from "prosemirror-history";
import { keymap } from "prosemirror-keymap";
import { schema } from "prosemirror-schema-basic";
import { EditorState, Selection } from "prosemirror-state";
import { EditorView } from "prosemirror-view";
import { mountChat } from "./chat_harness.js";

mountChat("prosemirror", (box, { initial }) => {
  const mountPoint = document.createElement("div");
  box.appendChild(mountPoint);
  const doc = initial
    ? schema.node("doc", null, [schema.node("paragraph", null, [schema.text(initial)])])
    : schema.node("doc", null, [schema.node("paragraph")]);
  const state = EditorState.create({
    doc,
    plugins: [history(), keymap({ "Mod-z": undo, "Mod-y": redo, "Shift-Mod-z": redo }), keymap(baseKeymap)],
  });
  const view = new EditorView(mountPoint, {
    state,
    attributes: { role: "textbox", "aria-multiline": "true", "aria-label": "Напишите сообщение" },
  });
  view.dom.style.cssText = "min-height:4em;border:1px solid #ccc;white-space:pre-wrap";
  window.__pmView = view;

  // Blocks joined by "\n", a hard_break read as "\n".
  const text = () => view.state.doc.textBetween(0, view.state.doc.content.size, "\n", "\n");
  const caretAtEnd = () => view.state.selection.empty && view.state.selection.from === Selection.atEnd(view.state.doc).from;
  return { element: view.dom, text, caretAtEnd, undo: () => undo(view.state, view.dispatch) };
});

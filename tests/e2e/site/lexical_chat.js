// A chat box built with Lexical from npm (plain text + history), the way a page mounts
// it: createEditor, setRootElement on a contenteditable, registerPlainText,
// registerHistory. Its own state is editor.getEditorState().
import { createEmptyHistoryState, registerHistory } from "@lexical/history";
import { registerPlainText } from "@lexical/plain-text";
import { mergeRegister } from "@lexical/utils";
import {
  $createParagraphNode,
  $createTextNode,
  $getRoot,
  $getSelection,
  $isRangeSelection,
  $isTextNode,
  UNDO_COMMAND,
  createEditor,
} from "lexical";
import { mountChat } from "./chat_harness.js";

mountChat("lexical", (box, { initial }) => {
  const el = document.createElement("div");
  el.contentEditable = "true";
  el.setAttribute("role", "textbox");
  el.setAttribute("aria-multiline", "true");
  el.setAttribute("aria-label", "Напишите сообщение");
  el.style.cssText = "min-height:4em;border:1px solid #ccc;white-space:pre-wrap";
  box.appendChild(el);

  const editor = createEditor({
    namespace: "chat",
    onError: (err) => {
      throw err;
    },
  });
  editor.setRootElement(el);
  mergeRegister(registerPlainText(editor), registerHistory(editor, createEmptyHistoryState(), 300));
  if (initial) {
    editor.update(
      () => {
        const p = $createParagraphNode();
        p.append($createTextNode(initial));
        $getRoot().clear().append(p);
      },
      { discrete: true, tag: "history-merge" },
    );
  }
  window.__lexical = editor;

  // Paragraphs joined by "\n" (a LineBreakNode inside one reads as "\n" too); Lexical's
  // root getTextContent() would put "\n\n" between paragraphs.
  const text = () =>
    editor.getEditorState().read(() =>
      $getRoot()
        .getChildren()
        .map((block) => block.getTextContent())
        .join("\n"),
    );
  const caretAtEnd = () =>
    editor.getEditorState().read(() => {
      const sel = $getSelection();
      if (!$isRangeSelection(sel) || !sel.isCollapsed()) return false;
      const last = $getRoot().getLastDescendant();
      if (!last) return false;
      const end = $isTextNode(last) ? last.getTextContentSize() : last.getChildrenSize?.() ?? 0;
      if (sel.anchor.key === last.getKey() && sel.anchor.offset === end) return true;
      // A caret after the last child of the last block is the same place.
      const parent = last.getParent();
      return !!parent && sel.anchor.type === "element" && sel.anchor.key === parent.getKey() && sel.anchor.offset === parent.getChildrenSize();
    });
  const undo = () => editor.dispatchCommand(UNDO_COMMAND, undefined);
  return { element: el, text, caretAtEnd, undo };
});

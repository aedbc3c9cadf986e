// A chat box with no framework at all: a bare <textarea>. Its own state is its value;
// undo is the browser's own (execCommand("undo") is what Ctrl+Z does in a textarea).
import { mountChat } from "./chat_harness.js";

mountChat("plain", (box, { initial }) => {
  const el = document.createElement("textarea");
  el.placeholder = "Напишите сообщение";
  el.rows = 4;
  el.value = initial;
  box.appendChild(el);
  return {
    element: el,
    text: () => el.value,
    caretAtEnd: () => el.selectionStart === el.value.length && el.selectionEnd === el.value.length,
    undo: () => {
      el.focus();
      return document.execCommand("undo");
    },
  };
});

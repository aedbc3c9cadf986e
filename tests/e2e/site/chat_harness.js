// What every non-React test chat page shares: the chat box's frame, a Send button, the
// counters the suites assert on, and `window.__editor`, through which the suites read the
// EDITOR'S OWN state (not the DOM). Modes (the script tag's data-mode): "open" mounts at
// once, "later" mounts when the test calls window.__openChat(), "prefilled" starts with
// PREFILLED in the box.
//
// window.__editor = {
//   kind,          // "lexical" | "prosemirror" | "plain"
//   text(),        // the editor's own text, one "\n" between lines/blocks
//   caretAtEnd(),  // true when the editor's own selection is collapsed after the last character
//   undo(),        // one step of the editor's own undo
//   sent,          // what Send would have sent (the suites expect it to stay empty)
// }
export const PREFILLED = "Здравствуйте, у меня вопрос";

export function mountChat(kind, build) {
  const script = document.currentScript;
  const mode = script?.dataset.mode ?? "open";
  window.__sendPresses = 0;
  window.__enterPresses = 0;

  function mount() {
    const box = document.createElement("div");
    box.id = "chat-root";
    box.className = "c3_ab chat";
    box.dataset.widget = "chatComposer";
    document.body.appendChild(box);
    // Enter is counted in the capture phase, before any editor can swallow it.
    window.addEventListener(
      "keydown",
      (e) => {
        if (e.key === "Enter" && box.contains(e.target)) window.__enterPresses += 1;
      },
      true,
    );
    const editor = build(box, { initial: mode === "prefilled" ? PREFILLED : "" });
    editor.element.dataset.testid = "page-composer";
    const send = document.createElement("button");
    send.type = "button";
    send.textContent = "Отправить";
    send.dataset.testid = "page-send";
    const sent = [];
    send.addEventListener("click", () => {
      window.__sendPresses += 1;
      sent.push(editor.text());
    });
    box.appendChild(send);
    window.__editor = { kind, sent, text: editor.text, caretAtEnd: editor.caretAtEnd, undo: editor.undo };
  }

  if (mode === "later") window.__openChat = mount;
  else mount();
}

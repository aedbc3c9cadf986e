// A chat composer as a real page builds it: a React-controlled <textarea> and a Send
// button, mounted into a saved Ozon page by the e2e suites. React's own state is
// rendered into [data-testid=page-react-state] so tests read what React holds, not
// what the DOM shows. Modes (the script tag's data-mode): "open" mounts at once,
// "later" mounts when the test calls window.__openChat(), "prefilled" starts with text,
// "contenteditable" is a React component around a contenteditable box instead.
import { useState } from "react";
import { createRoot } from "react-dom/client";

const script = document.currentScript;
const mode = script?.dataset.mode ?? "open";
window.__sendPresses = 0;
window.__enterPresses = 0;
// The same reading hooks the other test chats give (chat_harness.js): React's own state,
// as rendered into [data-testid=page-react-state].
const reactText = () => JSON.parse(document.querySelector('[data-testid="page-react-state"]')?.textContent || "{}").text ?? "";
window.__editor = {
  kind: "react",
  text: reactText,
  caretAtEnd: () => {
    const el = document.querySelector('[data-testid="page-composer"]');
    if (el instanceof HTMLTextAreaElement) return el.selectionStart === el.value.length && el.selectionEnd === el.value.length;
    return null;
  },
  // Ctrl+Z in a textarea is the browser's own undo; React sees its input event.
  undo: () => {
    document.querySelector('[data-testid="page-composer"]')?.focus();
    return document.execCommand("undo");
  },
};

// The Send button, and React's own state rendered where the suites read it.
function SendAndState({ text, sent, onSend }) {
  return (
    <>
      <button type="button" onClick={onSend} data-testid="page-send">
        Отправить
      </button>
      <output data-testid="page-react-state" hidden>
        {JSON.stringify({ text, sent })}
      </output>
    </>
  );
}

function Chat({ initial }) {
  const [text, setText] = useState(initial);
  const [sent, setSent] = useState([]);
  const send = () => {
    window.__sendPresses += 1;
    setSent((s) => [...s, text]);
    setText("");
  };
  return (
    <div className="c3_ab chat" data-widget="chatComposer">
      <textarea
        className="t9_zz"
        placeholder="Напишите сообщение"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") window.__enterPresses += 1;
        }}
        rows={4}
        data-testid="page-composer"
      />
      <SendAndState text={text} sent={sent} onSend={send} />
    </div>
  );
}

function EditableChat() {
  const [text, setText] = useState("");
  const [sent, setSent] = useState([]);
  return (
    <div className="c3_ab chat" data-widget="chatComposer">
      <div
        contentEditable
        suppressContentEditableWarning
        role="textbox"
        aria-multiline="true"
        aria-label="Сообщение"
        className="e1_q"
        style={{ minHeight: "4em", border: "1px solid #ccc", whiteSpace: "pre-wrap" }}
        onInput={(e) => setText(e.currentTarget.innerText)}
        data-testid="page-composer"
      />
      <SendAndState
        text={text}
        sent={sent}
        onSend={() => {
          window.__sendPresses += 1;
          setSent((s) => [...s, text]);
        }}
      />
    </div>
  );
}

function mount() {
  const host = document.createElement("div");
  host.id = "chat-root";
  document.body.appendChild(host);
  createRoot(host).render(
    mode === "contenteditable" ? <EditableChat /> : <Chat initial={mode === "prefilled" ? "Здравствуйте, у меня вопрос" : ""} />,
  );
}

if (mode === "later") window.__openChat = mount;
else mount();

import { useState } from 'preact/hooks';

/** The API's limit on one message. */
export const MAX_REPLY = 4000;

/** Where an agent writes: Enter sends, Shift+Enter starts a new line; `onTyping` hears each keystroke that changes the draft. */
export function ReplyBox({ onSend, onTyping }: { onSend: (text: string) => void; onTyping?: () => void }) {
  const [draft, setDraft] = useState('');
  const tooLong = draft.length > MAX_REPLY;
  const submit = () => {
    const text = draft.trim();
    if (!text || tooLong) return;
    onSend(text);
    setDraft('');
  };
  return (
    <form
      class="reply"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label for="reply-text">Reply</label>
      <textarea
        id="reply-text"
        rows={3}
        value={draft}
        aria-describedby="reply-hint"
        aria-invalid={tooLong}
        onInput={(e) => {
          setDraft(e.currentTarget.value);
          if (e.currentTarget.value.trim()) onTyping?.();
        }}
        onKeyDown={(e) => {
          // Composing (e.g. Japanese input) uses Enter to pick a word, not to send.
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            submit();
          }
        }}
      />
      <p id="reply-hint" class="muted">
        {tooLong
          ? `Too long: ${draft.length.toLocaleString('en')} of ${MAX_REPLY.toLocaleString('en')} characters.`
          : 'Enter sends, Shift+Enter starts a new line.'}
      </p>
      <button type="submit" disabled={!draft.trim() || tooLong}>
        Send
      </button>
    </form>
  );
}

import type { MessageRow } from '../../../shared/schemas/exports';

const WHO = { visitor: 'Visitor', bot: 'Bot', agent: 'Agent' } as const;

/** A conversation as the visitor saw it. Text is rendered as text, never as HTML. */
export function Transcript({ messages }: { messages: MessageRow[] }) {
  if (messages.length === 0) return <p class="muted">No messages.</p>;
  return (
    <ol class="transcript">
      {messages.map((m) => (
        <li key={m.messageId} class={m.author}>
          <span class="who">{WHO[m.author]}</span> <time dateTime={m.ts}>{new Date(m.ts).toLocaleTimeString()}</time>
          <p>{m.text}</p>
        </li>
      ))}
    </ol>
  );
}

import { describe, expect, it } from 'vitest';
import type { ConversationRow, MessageRow } from '../../shared/schemas/exports';
import { conversionOf } from './stats';

const conv = (id: string, authors: MessageRow['author'][], contactId = ''): ConversationRow =>
  ({
    conversationId: id,
    contactId,
    messages: authors.map((author, i) => ({ messageId: `${id}-${i}`, conversationId: id, ts: '2026-11-01T10:00:00.000Z', author, text: 'hi', seq: i })),
  }) as ConversationRow;

describe('conversion on the overview', () => {
  it('counts only conversations in which the visitor wrote', () => {
    const conversations = [conv('a', ['bot', 'visitor'], 'k1'), conv('b', ['bot', 'visitor']), conv('c', ['bot']), conv('d', [])];
    expect(conversionOf(conversations, [])).toEqual({ engaged: 2, converted: 1, percent: 50 });
  });

  it('also finds the lead of a conversation by the lead’s conversationId', () => {
    expect(conversionOf([conv('a', ['visitor']), conv('b', ['visitor']), conv('c', ['visitor'])], [{ conversationId: 'b' }, { conversationId: '' }])).toEqual({
      engaged: 3,
      converted: 1,
      percent: 33,
    });
  });

  it('is 0% when nobody wrote, never a division by zero', () => {
    expect(conversionOf([conv('c', ['bot'])], [{ conversationId: 'c' }])).toEqual({ engaged: 0, converted: 0, percent: 0 });
  });
});

import type { InboxConversation } from './api';
import { preview } from './inbox';

/** Kept in this browser only: the choice is the person's, per device. */
const PREFERENCE = 'parley.notifyWaiting';

export function notifyPreferred(): boolean {
  try {
    return localStorage.getItem(PREFERENCE) === '1';
  } catch {
    return false;
  }
}

export function rememberNotify(on: boolean): void {
  try {
    if (on) localStorage.setItem(PREFERENCE, '1');
    else localStorage.removeItem(PREFERENCE);
  } catch {
    // Storage refused (private mode): the choice lasts until the page closes.
  }
}

export type NotifyPermission = NotificationPermission | 'unsupported';

export const notifyPermission = (): NotifyPermission => ('Notification' in globalThis ? Notification.permission : 'unsupported');

let audio: AudioContext | undefined;

/** Asks the browser once (it must be asked from a click); the sound is readied by the same click. */
export async function askToNotify(): Promise<NotifyPermission> {
  chime(0);
  if (!('Notification' in globalThis)) return 'unsupported';
  if (Notification.permission !== 'default') return Notification.permission;
  return Notification.requestPermission();
}

/** A short two-note chime made on the spot: no sound file to load. */
function chime(volume = 0.15): void {
  try {
    audio ??= new AudioContext();
    void audio.resume();
    const start = audio.currentTime;
    for (const [i, frequency] of [660, 880].entries()) {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = frequency;
      const at = start + i * 0.15;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(Math.max(volume, 0.0001), at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.3);
      tone.connect(gain).connect(audio.destination);
      tone.start(at);
      tone.stop(at + 0.3);
    }
  } catch {
    // No audio output: the notification still shows.
  }
}

/** Tells the person of conversations that just started waiting: a chime, and a notification each if allowed. */
export function announceWaiting(rows: readonly InboxConversation[], open: (conversationId: string) => void): void {
  if (rows.length === 0) return;
  chime();
  if (notifyPermission() !== 'granted') return;
  for (const c of rows.slice(0, 3)) {
    const who = c.lead ? c.lead.name || c.lead.email : '';
    const shown = new Notification(who ? `${who} is waiting` : 'A visitor is waiting', {
      body: preview(c.preview, 120),
      tag: c.conversationId,
    });
    shown.onclick = () => {
      focus();
      open(c.conversationId);
      shown.close();
    };
  }
}

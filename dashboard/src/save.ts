import { useState } from 'preact/hooks';
import { ApiError } from './api';

/**
 * A form's save and what it says about it: `Saving…`, then `Saved.` or why
 * not. `clear` empties the message once the form changes again.
 */
export function useSave(): { status: string; save: (work: () => Promise<void>) => Promise<void>; clear: () => void } {
  const [status, setStatus] = useState('');
  const save = async (work: () => Promise<void>) => {
    setStatus('Saving…');
    try {
      await work();
      setStatus('Saved.');
    } catch (err) {
      setStatus(err instanceof ApiError ? `Not saved: ${err.message}` : 'Not saved.');
    }
  };
  return { status, save, clear: () => setStatus('') };
}

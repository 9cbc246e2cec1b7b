import { escapeHtml } from '../../lib/html';

/** The mail with a password reset link: plain text first, and escaped HTML. */
export function resetMail(resetUrl: string): { subject: string; text: string; html: string } {
  const text = [
    'Someone asked to reset the password of your Parley account.',
    '',
    'To choose a new password, open this link within an hour:',
    resetUrl,
    '',
    'If it was not you, ignore this mail: your password stays as it is.',
  ].join('\n');
  const html = `<p>Someone asked to reset the password of your Parley account.</p><p><a href="${escapeHtml(resetUrl)}">Choose a new password</a> (the link works for an hour).</p><p>If it was not you, ignore this mail: your password stays as it is.</p>`;
  return { subject: 'Reset your Parley password', text, html };
}

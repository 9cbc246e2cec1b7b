import { escapeHtml } from '../../lib/html';

export interface InvitationMailInput {
  tenantName: string;
  inviteUrl: string;
  role: string;
  invitedByName?: string;
}

/** What each role may do, in the words of someone deciding whether to join. */
const ROLE_WORDS: Record<string, string> = {
  owner: 'an owner (everything)',
  admin: 'an admin (settings, the team and API keys)',
  agent: 'an agent (leads and live chat)',
  viewer: 'a viewer (read only)',
};

/** As long as createInvitation keeps a link valid. */
const INVITATION_DAYS = 7;

/**
 * The mail that carries an invitation link: plain text first (every client
 * shows it), and a simple HTML version with every value escaped, since the
 * workspace and inviter names are typed by people.
 */
export function invitationMail(input: InvitationMailInput): { subject: string; text: string; html: string } {
  const tenant = input.tenantName.trim() || 'a Parley workspace';
  const inviter = input.invitedByName?.trim();
  const role = ROLE_WORDS[input.role] ?? `a ${input.role}`;
  // Line breaks in a name would otherwise start new lines in the subject.
  const subject = `You're invited to join ${tenant} on Parley`.replace(/[\r\n]+/g, ' ');
  const who = inviter ? `${inviter} invited you` : 'You have been invited';
  const text = [
    'Hello,',
    '',
    `${who} to join ${tenant} on Parley as ${role}.`,
    '',
    'Accept the invitation and choose your password here:',
    input.inviteUrl,
    '',
    `The link works once and for ${INVITATION_DAYS} days. If you did not expect this invitation, you can ignore this mail.`,
    '',
    '— Parley',
  ].join('\n');
  const html = `<!doctype html>
<html lang="en">
<body style="margin:0;padding:24px;font:16px/1.5 system-ui,sans-serif;color:#222">
<p>Hello,</p>
<p>${escapeHtml(who)} to join <strong>${escapeHtml(tenant)}</strong> on Parley as ${escapeHtml(role)}.</p>
<p><a href="${escapeHtml(input.inviteUrl)}" style="display:inline-block;padding:10px 18px;background:#2456d6;color:#fff;text-decoration:none;border-radius:6px">Accept the invitation</a></p>
<p style="color:#555;font-size:14px">Or open this link: <br>${escapeHtml(input.inviteUrl)}</p>
<p style="color:#555;font-size:14px">The link works once and for ${INVITATION_DAYS} days. If you did not expect this invitation, you can ignore this mail.</p>
</body>
</html>
`;
  return { subject, text, html };
}

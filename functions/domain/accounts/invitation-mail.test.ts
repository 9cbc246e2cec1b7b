import { describe, expect, it } from 'vitest';
import { invitationMail } from './invitation-mail';

const inviteUrl = 'http://localhost:8787/dashboard/#/accept?token=i1.abc&x=<y>';

describe('invitationMail', () => {
  it('puts the link on a line of its own in the text, with the workspace, role and inviter', () => {
    const mail = invitationMail({ tenantName: 'Acme Widgets', inviteUrl, role: 'agent', invitedByName: 'Anna' });
    expect(mail.subject).toBe("You're invited to join Acme Widgets on Parley");
    expect(mail.text.split('\n')).toContain(inviteUrl);
    expect(mail.text).toContain('Anna invited you to join Acme Widgets on Parley as an agent');
  });

  it('escapes names and the link in the HTML', () => {
    const mail = invitationMail({ tenantName: '<script>alert(1)</script> & Co', inviteUrl, role: 'owner', invitedByName: '"Eve" <img src=x>' });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&#60;script&#62;alert(1)&#60;/script&#62; &#38; Co');
    expect(mail.html).toContain('href="http://localhost:8787/dashboard/#/accept?token=i1.abc&#38;x=&#60;y&#62;"');
  });

  it('keeps the subject on one line whatever the workspace is called', () => {
    const mail = invitationMail({ tenantName: 'Acme\r\nBcc: eve@example.test', inviteUrl, role: 'viewer' });
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.text).toContain('You have been invited');
  });
});

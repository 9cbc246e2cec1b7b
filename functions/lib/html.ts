/** Text made safe inside HTML elements and quoted attributes (mail bodies, local pages). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Waits, when fewer than `needSeconds` are left of this minute, for the next one, so a one-minute window cannot roll over midway. */
export async function freshMinute(needSeconds: number): Promise<void> {
  const left = 60 - new Date().getSeconds();
  if (left < needSeconds) await new Promise((r) => setTimeout(r, left * 1000 + 50));
}

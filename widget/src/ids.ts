const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A client-made id the API accepts (`p_` + 16 random URL-safe characters, 96 bits). */
export function newId(prefix: string): string {
  let id = `${prefix}_`;
  for (const byte of crypto.getRandomValues(new Uint8Array(16))) id += ALPHABET[byte & 63];
  return id;
}

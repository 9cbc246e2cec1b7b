const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** `length` random URL-safe characters, 6 random bits each. */
function randomChars(length: number): string {
  let out = '';
  for (const byte of crypto.getRandomValues(new Uint8Array(length))) out += ALPHABET[byte & 63];
  return out;
}

/** A client-made id the API accepts (`p_` + 16 random URL-safe characters, 96 bits). */
export const newId = (prefix: string): string => `${prefix}_${randomChars(16)}`;

/** A visitor's secret: 43 base64url characters, as 32 random bytes encode to, with 258 random bits. */
export const newSecret = (): string => randomChars(43);

/** `bytes` random bytes as base64url: 4 characters per 3 bytes, 6 random bits each. */
const random = (bytes: number): string =>
  btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(bytes)))).replace(/[+/=]/g, (c) => (c === '+' ? '-' : c === '/' ? '_' : ''));

/** A client-made id the API accepts (`p_` + 16 random URL-safe characters, 96 bits). */
export const newId = (prefix: string): string => `${prefix}_${random(12)}`;

/** A visitor's secret: 43 base64url characters, as 32 random bytes encode to (256 random bits). */
export const newSecret = (): string => random(32);

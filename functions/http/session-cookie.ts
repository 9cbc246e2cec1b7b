import type { SignInResult } from '../domain/accounts/sign-in';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type HttpEvent, header } from '../lib/http';
import { SESSION_COOKIE } from './callers';

/** `Secure` everywhere but plain http on localhost (local development). */
function secure(event: HttpEvent): boolean {
  const host = (header(event, 'host') ?? event.requestContext?.domainName ?? '').replace(/:\d+$/, '');
  const local = host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
  return !(local && header(event, 'x-forwarded-proto') !== 'https');
}

const attributes = (event: HttpEvent, maxAge: number) =>
  ['Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAge}`, ...(secure(event) ? ['Secure'] : [])].join('; ');

/** The answer of a sign-in: who signed in, with the session cookie set. */
export function signedInResponse(event: HttpEvent, result: SignInResult): APIGatewayProxyStructuredResultV2 {
  const maxAge = Math.max(0, Math.floor((result.expiresAt.getTime() - Date.now()) / 1000));
  return {
    statusCode: 200,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
    body: JSON.stringify(result.me),
    cookies: [`${SESSION_COOKIE}=${result.cookie}; ${attributes(event, maxAge)}`],
  };
}

/** Clears the session cookie in the browser. */
export function clearedSessionCookie(event: HttpEvent): string {
  return `${SESSION_COOKIE}=; ${attributes(event, 0)}`;
}

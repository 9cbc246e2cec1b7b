import type { ClientRequest } from '../domain/client-info';
import { type HttpEvent, header } from '../lib/http';

/** The client facts of an HTTP event, for the domain: address, user agent and the CDN's country. */
export function clientRequest(event: HttpEvent): ClientRequest {
  return {
    sourceIp: event.requestContext?.http?.sourceIp,
    userAgent: header(event, 'user-agent') ?? '',
    country: header(event, 'cloudfront-viewer-country') ?? header(event, 'cf-ipcountry'),
  };
}

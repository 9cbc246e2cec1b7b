import { describe, expect, it } from 'vitest';
import { toServiceError } from './dynamo';
import { ApiError } from './errors';

const named = (name: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(name), { name, ...extra });

describe('toServiceError', () => {
  it.each([
    named('ProvisionedThroughputExceededException'),
    named('ThrottlingException'),
    named('RequestLimitExceeded'),
    named('InternalServerError'),
    named('TimeoutError'),
    named('Error', { code: 'ECONNREFUSED' }),
    named('UnknownError', { $metadata: { httpStatusCode: 503 } }),
  ])('turns %s into 503 with Retry-After', (error) => {
    const mapped = toServiceError(error);
    expect(mapped).toBeInstanceOf(ApiError);
    expect(mapped).toMatchObject({ statusCode: 503, code: 'service_unavailable', headers: { 'Retry-After': expect.any(String) } });
  });

  it.each([named('ValidationException', { $metadata: { httpStatusCode: 400 } }), named('TypeError')])('leaves %s to the 500 path', (error) => {
    expect(toServiceError(error)).toBe(error);
  });
});

import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { type Stack, startStack } from '../local/stack';
import { call } from './support/api';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ port: 0, dynamoEndpoint: inject('dynamoEndpoint'), tableName: inject('tableName') });
});
afterAll(() => stack.stop());

describe('the demo tenant of npm start', () => {
  it('has an owner who signs in with the password printed on first start', async () => {
    expect(stack.demo.created).toBe(true);
    const res = await call(stack.url, '/v1/auth/login', { body: { email: stack.demo.ownerEmail, password: stack.demo.ownerPassword } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ tenantId: stack.demo.tenantId, role: 'owner' });
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { AddressRefused, type Sender, checkUrlForm, guardedPost, isAllowedAddress, setOutboundDeps } from './outbound-http';

let restore: (() => void) | undefined;
afterEach(() => restore?.());

/** A sender that must never be reached: the guard refuses before any socket opens. */
const connectSpy = () => vi.fn<Sender>(async () => ({ status: 200, headers: {} }));

describe('the outbound request guard', () => {
  it('accepts public unicast addresses only', () => {
    for (const ok of ['93.184.215.14', '8.8.8.8', '2001:4860:4860::8888']) expect(isAllowedAddress(ok), ok).toBe(true);
    for (const refused of [
      '10.0.0.5',
      '172.16.3.4',
      '192.168.1.1',
      '127.0.0.1',
      '127.1.2.3',
      '::1',
      '169.254.169.254',
      'fe80::1',
      '100.64.0.1',
      'fc00::1',
      'fd00:ec2::254',
      '0.0.0.0',
      '::',
      '224.0.0.1',
      '255.255.255.255',
      '192.0.2.1',
      '::ffff:10.0.0.5',
      '::ffff:169.254.169.254',
      'not an address',
    ]) {
      expect(isAllowedAddress(refused), refused).toBe(false);
    }
  });

  it('allows 127.0.0.1 over http only when local addresses are allowed', () => {
    expect(() => checkUrlForm('http://127.0.0.1:9/x', false)).toThrow(AddressRefused);
    expect(() => checkUrlForm('https://127.0.0.1:9/x', false)).toThrow(AddressRefused);
    expect(checkUrlForm('http://127.0.0.1:9/x', true).port).toBe('9');
    expect(() => checkUrlForm('http://10.0.0.5/x', true)).toThrow(AddressRefused);
    expect(() => checkUrlForm('http://hooks.example.com/x', true)).toThrow(AddressRefused);
    expect(() => checkUrlForm('https://user:pw@hooks.example.com/x', false)).toThrow(AddressRefused);
  });

  it('refuses a name that resolves to a private address before any socket opens', async () => {
    const send = connectSpy();
    restore = setOutboundDeps({ resolve: async () => [{ address: '10.0.0.5', family: 4 }], send });
    await expect(guardedPost('https://hooks.example.test/in', '{}', {}, { allowLocal: false })).rejects.toThrow(AddressRefused);
    expect(send).not.toHaveBeenCalled();
  });

  it('refuses a name when any of its addresses is private (no picking the public one)', async () => {
    const send = connectSpy();
    restore = setOutboundDeps({
      resolve: async () => [
        { address: '93.184.215.14', family: 4 },
        { address: 'fd00:ec2::254', family: 6 },
      ],
      send,
    });
    await expect(guardedPost('https://mixed.example.test/in', '{}', {}, { allowLocal: false })).rejects.toThrow(AddressRefused);
    expect(send).not.toHaveBeenCalled();
  });

  it('refuses the metadata address literally, in IPv4 and IPv6', async () => {
    const send = connectSpy();
    const resolve = vi.fn(async () => [{ address: '93.184.215.14', family: 4 as const }]);
    restore = setOutboundDeps({ resolve, send });
    for (const url of ['https://169.254.169.254/latest/meta-data', 'http://169.254.169.254/', 'https://[fd00:ec2::254]/']) {
      await expect(guardedPost(url, '{}', {}, { allowLocal: true })).rejects.toThrow(AddressRefused);
    }
    expect(resolve).not.toHaveBeenCalled();
    expect(send).not.toHaveBeenCalled();
  });

  it('connects to the address it checked, resolving the name once', async () => {
    const send = connectSpy();
    const resolve = vi.fn(async () => [{ address: '93.184.215.14', family: 4 as const }]);
    restore = setOutboundDeps({ resolve, send });
    await guardedPost('https://hooks.example.test/in', '{"a":1}', { 'webhook-id': 'msg_1' }, { allowLocal: false });
    expect(resolve).toHaveBeenCalledTimes(1);
    expect(send).toHaveBeenCalledTimes(1);
    const request = send.mock.calls[0]?.[0];
    expect(request?.address).toEqual({ address: '93.184.215.14', family: 4 });
    expect(request?.url.hostname).toBe('hooks.example.test');
    expect(request?.timeoutMs).toBe(15_000);
  });

  it('refuses a name that does not resolve', async () => {
    const send = connectSpy();
    restore = setOutboundDeps({
      resolve: async () => {
        throw new Error('ENOTFOUND');
      },
      send,
    });
    await expect(guardedPost('https://nowhere.example.test/', '{}', {}, { allowLocal: false })).rejects.toThrow(AddressRefused);
    expect(send).not.toHaveBeenCalled();
  });
});

import { createServer } from 'node:http';

/** HubSpot's default contact properties that Parley writes. */
const KNOWN_PROPERTIES = new Set(['email', 'firstname', 'lastname', 'phone', 'company']);

export interface FakeContact {
  id: string;
  properties: Record<string, string>;
}

/**
 * A local stand-in for HubSpot's CRM API on 127.0.0.1: it answers
 * `POST /crm/v3/objects/contacts/batch/upsert` as the API reference
 * describes (Bearer token; `inputs[]` of `{ id, idProperty, properties }`;
 * the answer `{ status, results[], startedAt, completedAt }`) and refuses any
 * other shape the way HubSpot does (400 `VALIDATION_ERROR`, 401
 * `INVALID_AUTHENTICATION`), so a wrong request fails the test.
 */
export async function startFakeHubSpot(token: string) {
  const contacts = new Map<string, FakeContact>();
  const refused: string[] = [];
  let nextId = 1000;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const fail = (status: number, category: string, message: string) => {
        refused.push(message);
        answer(status, { status: 'error', message, correlationId: 'fake', category });
      };
      if (req.method !== 'POST' || req.url !== '/crm/v3/objects/contacts/batch/upsert')
        return fail(404, 'OBJECT_NOT_FOUND', `no route ${req.method} ${req.url}`);
      if (req.headers.authorization !== `Bearer ${token}`) return fail(401, 'INVALID_AUTHENTICATION', 'bad token');
      if (!String(req.headers['content-type']).startsWith('application/json')) return fail(415, 'VALIDATION_ERROR', 'not json');
      let body: { inputs?: { id?: unknown; idProperty?: unknown; properties?: Record<string, unknown> }[] };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
      } catch {
        return fail(400, 'VALIDATION_ERROR', 'invalid json');
      }
      const inputs = body.inputs;
      if (!Array.isArray(inputs) || inputs.length === 0 || inputs.length > 100) return fail(400, 'VALIDATION_ERROR', 'inputs must hold 1-100 items');
      const startedAt = new Date().toISOString();
      const results = [];
      for (const input of inputs) {
        const props = input.properties ?? {};
        if (input.idProperty !== 'email' || typeof input.id !== 'string' || input.id !== props.email)
          return fail(400, 'VALIDATION_ERROR', 'id must be the email, idProperty "email"');
        const unknown = Object.keys(props).filter((k) => !KNOWN_PROPERTIES.has(k) || typeof props[k] !== 'string');
        if (unknown.length) return fail(400, 'VALIDATION_ERROR', `Property values were not valid: ${unknown.join(',')}`);
        const existing = contacts.get(input.id);
        const contact: FakeContact = existing
          ? { ...existing, properties: { ...existing.properties, ...(props as Record<string, string>) } }
          : { id: String(nextId++), properties: { ...(props as Record<string, string>) } };
        contacts.set(input.id, contact);
        results.push({ id: contact.id, properties: contact.properties, createdAt: startedAt, updatedAt: startedAt, archived: false, new: !existing });
      }
      answer(200, { status: 'COMPLETE', results, startedAt, completedAt: new Date().toISOString() });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    contacts,
    refused,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

import middy from '@middy/core';
import { executionModeStreamifyResponse } from '@middy/core/StreamifyResponse';
import { OrganizationRowSchema } from '../shared/schemas/exports';
import { recordAudit } from './domain/audit';
import { fileResponse, parseListQuery } from './domain/exports/listing';
import { OrganizationFold, leadRow } from './domain/exports/rows';
import { partitionsOf, readPartitions } from './domain/exports/sources';
import { toCells } from './domain/exports/cells';
import { customerApi, principalOf } from './lib/customer-api';
import { type HttpEvent, type HttpResult, type StreamResult, json } from './lib/http';

const columns = Object.keys(OrganizationRowSchema.entries) as (keyof typeof OrganizationRowSchema.entries)[];

/**
 * `GET /v1/organizations`: organisation profiles folded from the leads in
 * range (company, work email domain, lead count, first and last seen).
 */
export const handler = middy<HttpEvent, HttpResult | StreamResult>({ executionMode: executionModeStreamifyResponse })
  .use(customerApi())
  .handler(async (event, context) => {
    const { tenant, keyId } = principalOf(context);
    const query = parseListQuery(event);
    const fold = new OrganizationFold();
    for await (const { item } of readPartitions(partitionsOf('leads', tenant, query, new Date()))) fold.add(leadRow(item));
    const organizations = fold.result();
    await recordAudit(tenant.tenantId, { action: 'export', actor: `key:${keyId}`, subject: 'organizations', details: { format: query.format, rows: organizations.length } });
    if (query.format === 'json') return json(200, { data: organizations, nextCursor: null });
    async function* rows() {
      for (const org of organizations) yield toCells(columns, org);
    }
    return fileResponse('organizations', query.format, columns, rows(), { bom: query.bom });
  });

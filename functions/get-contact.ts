import middy from '@middy/core';
import { executionModeStreamifyResponse } from '@middy/core/StreamifyResponse';
import * as v from 'valibot';
import { IdSchema } from '../shared/schemas/primitives';
import { fileResponse, parseListQuery } from './domain/exports/listing';
import { PERSON_REPORT_COLUMNS, personReportRows } from './domain/exports/person-report';
import { accessContact } from './domain/privacy';
import { customerApi, principalOf } from './lib/customer-api';
import { type HttpEvent, type HttpResult, type StreamResult, json, parseInput } from './lib/http';

export const ContactPathSchema = v.object({ contactId: IdSchema });

/**
 * `GET /v1/contacts/{contactId}`: everything stored about one person (access,
 * portability) as JSON, or as CSV / XLSX rows (section, id, time, field, value).
 */
export const handler = middy<HttpEvent, HttpResult | StreamResult>({ executionMode: executionModeStreamifyResponse })
  .use(customerApi())
  .handler(async (event, context) => {
    const { tenant, keyId } = principalOf(context);
    const { contactId } = parseInput(ContactPathSchema, event.pathParameters ?? {}, 'path');
    const { format, bom } = parseListQuery(event);
    const record = await accessContact(tenant, contactId, `key:${keyId}`, format);
    if (format === 'json') return json(200, record);
    return fileResponse(`contact-${contactId}`, format, PERSON_REPORT_COLUMNS, personReportRows(record), { bom });
  });

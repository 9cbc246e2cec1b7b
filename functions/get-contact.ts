import { batched, listQuery } from './domain/exports/listing';
import { PERSON_REPORT_COLUMNS, personReportRows } from './domain/exports/person-report';
import { accessContact } from './domain/privacy';
import { apiHandler } from './http/api-handler';
import { fileResponse } from './http/exports';
import { header } from './lib/http';
import * as routeTable from './route-table';

/**
 * `GET /v1/contacts/{contactId}`: everything stored about one person (access,
 * portability) as JSON, or as CSV / XLSX rows (section, id, time, field, value).
 */
export const handler = apiHandler(routeTable.contact, async ({ path: { contactId }, query, caller: { tenant, actor }, event }) => {
  const { format, bom } = listQuery({ ...query, limit: 1 }, header(event, 'accept'));
  const record = await accessContact(tenant, contactId, actor, format);
  if (format === 'json') return record;
  return fileResponse({ name: `contact-${contactId}`, format, columns: PERSON_REPORT_COLUMNS, rows: batched(personReportRows(record)), bom });
});

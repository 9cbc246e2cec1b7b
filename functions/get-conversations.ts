import { ConversationRowSchema } from '../shared/schemas/exports';
import { exportListing, listQuery } from './domain/exports/listing';
import { conversationRow } from './domain/exports/rows';
import { apiHandler } from './http/api-handler';
import { listingResponse } from './http/exports';
import { header } from './lib/http';
import * as routeTable from './route-table';

const columns = Object.keys(ConversationRowSchema.entries) as (keyof typeof ConversationRowSchema.entries)[];

/** `GET /v1/conversations`: conversations with their messages as JSON pages, or streamed CSV / XLSX. */
export const handler = apiHandler(routeTable.conversations, async ({ query, caller: { tenant, actor }, event }) =>
  listingResponse(
    await exportListing(
      { entity: 'conversations', columns, toRow: (item) => conversationRow(tenant, item) },
      tenant,
      actor,
      listQuery(query, header(event, 'accept')),
    ),
    event,
  ),
);

import type { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { config } from './config';

/**
 * Sends to open WebSockets through the API Gateway Management API
 * (`PostToConnection`): in AWS the WebSocket API's own endpoint, locally
 * the one the local WebSocket server implements. `gone`: the socket is
 * closed (410), so its record can go.
 */
const clients = new Map<string, ApiGatewayManagementApiClient>();

export async function postToConnection(endpoint: string, connectionId: string, data: unknown): Promise<'sent' | 'gone'> {
  const { ApiGatewayManagementApiClient, PostToConnectionCommand } = await import('@aws-sdk/client-apigatewaymanagementapi');
  let client = clients.get(endpoint);
  if (!client) {
    const local = config.dynamoEndpoint() !== undefined;
    client = new ApiGatewayManagementApiClient({
      endpoint,
      region: config.region(),
      maxAttempts: 2,
      // Locally the stand-in API takes any signature.
      ...(local ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    });
    clients.set(endpoint, client);
  }
  try {
    await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from(JSON.stringify(data)) }));
    return 'sent';
  } catch (error) {
    if (error instanceof Error && (error.name === 'GoneException' || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 410))
      return 'gone';
    throw error;
  }
}

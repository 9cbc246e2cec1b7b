/** The parts of an API Gateway WebSocket event the live chat reads (the same locally). */
export interface SocketEvent {
  requestContext: {
    routeKey: string;
    eventType: 'CONNECT' | 'DISCONNECT' | 'MESSAGE';
    connectionId: string;
    domainName: string;
    stage: string;
    requestId?: string;
  };
  queryStringParameters?: Record<string, string | undefined> | null;
  /** The upgrade request's headers (`$connect` only). */
  headers?: Record<string, string | undefined> | null;
  body?: string | null;
}

export interface SocketResult {
  statusCode: number;
  body?: string;
}

/** Where the Management API of this socket's API answers (`POST /@connections/{id}`). */
export function managementEndpoint(event: SocketEvent): string {
  const { domainName, stage } = event.requestContext;
  // The local WebSocket server names its stage `local` and serves plain http.
  return stage === 'local' ? `http://${domainName}` : `https://${domainName}/${stage}`;
}

import type { APIGatewayProxyEventV2, StreamifyHandler } from 'aws-lambda';
import { RELAYED_AUTHORIZATION } from './edge';

type Event = Pick<APIGatewayProxyEventV2, 'headers'>;

/**
 * A request reaches a Function URL only through CloudFront, signed by origin
 * access control: its Authorization header is CloudFront's signature, and the
 * viewer's own (the secret API key) is in the relayed header. Puts the
 * viewer's back where the handlers read it.
 */
export function withViewerAuthorization<E extends Event>(event: E): E {
  const { authorization: _signature, [RELAYED_AUTHORIZATION]: viewer, ...headers } = event.headers ?? {};
  return { ...event, headers: viewer ? { ...headers, authorization: viewer } : headers };
}

/** Wraps a streamed route's handler for its Function URL behind CloudFront. */
export function behindCloudFront(route: StreamifyHandler<APIGatewayProxyEventV2, void>): StreamifyHandler<APIGatewayProxyEventV2, void> {
  return awslambda.streamifyResponse<APIGatewayProxyEventV2, void>((event, responseStream, context) =>
    route(withViewerAuthorization(event), responseStream, context),
  );
}

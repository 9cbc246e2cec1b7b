/**
 * The floor of a function's cold start for `npm run bench:cold`: what every
 * function loads before any of Parley's code, i.e. Node's HTTP(S) modules
 * and the DynamoDB document client, bundled as the functions are bundled.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

export const floor = { DynamoDBClient, DynamoDBDocumentClient, GetCommand, HttpAgent, HttpsAgent };

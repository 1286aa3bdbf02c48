// How an outbox message looks on the wire: one CloudEvents 1.0 JSON object (structured mode).
// Pure mapping; docs/outbox.md and the README's outbox section describe the scheme.
import { INTEGRATION_EVENT_TYPES, type IntegrationEventType } from './integration.js';

/** An outbox row as the export reads it; `data` is the payload's JSON text. */
export interface OutboxMessage {
  sequence: number;
  messageId: string;
  type: string;
  subject: string;
  data: string;
  occurredAt: string;
}

export interface CloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  data: unknown;
  /** Extension (CloudEvents "sequence"): the outbox sequence, zero-padded so text order = numeric order. */
  sequence: string;
  /** Extension (CloudEvents "partitioning"): the aggregate id, so one order's messages stay in order. */
  partitionkey: string;
}

/** Reverse-DNS, one segment per aggregate and fact, schema version last. */
export const CLOUD_EVENT_TYPES: Record<IntegrationEventType, string> = {
  OrderPlacedNotification: 'com.shopctl.order.placed.v1',
  OrderConfirmedNotification: 'com.shopctl.order.confirmed.v1',
  OrderShippedNotification: 'com.shopctl.order.shipped.v1',
  OrderDeliveredNotification: 'com.shopctl.order.delivered.v1',
  OrderCancelledNotification: 'com.shopctl.order.cancelled.v1',
  CustomerRegistrationNotification: 'com.shopctl.customer.registered.v1',
  OutOfStockAlert: 'com.shopctl.inventory.out-of-stock.v1',
};

/** The seed's "Source" service of each integration event, as a URI-reference. */
export const CLOUD_EVENT_SOURCES: Record<IntegrationEventType, string> = {
  OrderPlacedNotification: '/shopctl/order-service',
  OrderConfirmedNotification: '/shopctl/order-service',
  OrderShippedNotification: '/shopctl/order-service',
  OrderDeliveredNotification: '/shopctl/order-service',
  OrderCancelledNotification: '/shopctl/order-service',
  CustomerRegistrationNotification: '/shopctl/customer-service',
  OutOfStockAlert: '/shopctl/inventory-service',
};

/** Width of the zero-padded `sequence` extension (room for a trillion messages). */
export const SEQUENCE_WIDTH = 12;

export function formatSequence(sequence: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 0 || sequence >= 10 ** SEQUENCE_WIDTH) {
    throw new Error(`outbox sequence ${sequence} does not fit ${SEQUENCE_WIDTH} digits`);
  }
  return String(sequence).padStart(SEQUENCE_WIDTH, '0');
}

export function isIntegrationEventType(type: string): type is IntegrationEventType {
  return (INTEGRATION_EVENT_TYPES as readonly string[]).includes(type);
}

/**
 * The integration event type named by `text`: the seed's name (OrderPlacedNotification) or
 * the CloudEvents type (com.shopctl.order.placed.v1), case-insensitively.
 */
export function integrationTypeNamed(text: string): IntegrationEventType | undefined {
  const wanted = text.trim().toLowerCase();
  return INTEGRATION_EVENT_TYPES.find((type) => type.toLowerCase() === wanted || CLOUD_EVENT_TYPES[type] === wanted);
}

function knownType(type: string): IntegrationEventType {
  if (!isIntegrationEventType(type)) throw new Error(`outbox message of unknown type ${type}`);
  return type;
}

/** The CloudEvents object of one outbox message. */
export function toCloudEvent(message: OutboxMessage): CloudEvent {
  const type = knownType(message.type);
  return {
    specversion: '1.0',
    id: message.messageId,
    source: CLOUD_EVENT_SOURCES[type],
    type: CLOUD_EVENT_TYPES[type],
    subject: message.subject,
    time: message.occurredAt,
    datacontenttype: 'application/json',
    data: JSON.parse(message.data) as unknown,
    sequence: formatSequence(message.sequence),
    partitionkey: message.subject,
  };
}

/**
 * The same object as one NDJSON line, built without parsing the payload: the stored `data`
 * is already compact JSON, so it is spliced in as is. Equal to
 * `JSON.stringify(toCloudEvent(message)) + "\n"` (the tests hold it to that).
 */
export function cloudEventLine(message: OutboxMessage): string {
  const typeAttributes = LINE_TYPE_ATTRIBUTES.get(message.type);
  if (typeAttributes === undefined) throw new Error(`outbox message of unknown type ${message.type}`);
  const subject = JSON.stringify(message.subject);
  return (
    `{"specversion":"1.0","id":${JSON.stringify(message.messageId)}${typeAttributes},"subject":${subject}` +
    `,"time":${JSON.stringify(message.occurredAt)},"datacontenttype":"application/json","data":${message.data}` +
    `,"sequence":"${formatSequence(message.sequence)}","partitionkey":${subject}}\n`
  );
}

/** `,"source":…,"type":…` per integration type, made once (the export writes 100,000s of lines). */
export const LINE_TYPE_ATTRIBUTES = new Map<string, string>(
  INTEGRATION_EVENT_TYPES.map((type) => [
    type, `,"source":${JSON.stringify(CLOUD_EVENT_SOURCES[type])},"type":${JSON.stringify(CLOUD_EVENT_TYPES[type])}`,
  ]),
);

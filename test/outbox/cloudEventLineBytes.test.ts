// The export's line assembled from UTF-8 bytes (PostgreSQL) must be cloudEventLine's, byte for
// byte, for any strings: those copied as they are and those that need JSON escapes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cloudEventLine } from '../../src/domain/cloudEvents.js';
import { CloudEventLineWriter } from '../../src/domain/cloudEventLineBytes.js';
import { INTEGRATION_EVENT_TYPES } from '../../src/domain/integration.js';

/** Valid Unicode (what a PostgreSQL text holds), or any ASCII including control characters. */
const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.string({ unit: 'binary-ascii', maxLength: 12 }));

function assembled(messages: { sequence: number; messageId: string; type: string; subject: string; data: string; occurredAt: string }[]): Buffer {
  const writer = new CloudEventLineWriter(64); // small: it must grow
  for (const m of messages) {
    const parts = [m.messageId, m.type, m.subject, m.data, m.occurredAt].map((s) => Buffer.from(s, 'utf8'));
    const source = Buffer.concat([Buffer.from('xx'), ...parts]);
    let at = 2;
    const [id, type, subject, data, time] = parts.map((part) => [at, (at += part.length)] as const);
    writer.line(source, {
      sequence: m.sequence, idStart: id![0], idEnd: id![1], typeStart: type![0], typeEnd: type![1], subjectStart: subject![0], subjectEnd: subject![1],
      dataStart: data![0], dataEnd: data![1], timeStart: time![0], timeEnd: time![1],
    });
  }
  return writer.take();
}

describe('CloudEventLineWriter', () => {
  it('writes cloudEventLine byte for byte, for any strings', () => {
    const message = fc.record({
      sequence: fc.integer({ min: 0, max: 999_999_999_999 }),
      messageId: text,
      type: fc.constantFrom(...INTEGRATION_EVENT_TYPES),
      subject: text,
      data: fc.jsonValue().map((value) => JSON.stringify(value) ?? 'null'),
      occurredAt: text,
    });
    fc.assert(fc.property(fc.array(message, { maxLength: 20 }), (messages) => {
      expect(assembled(messages).toString('utf8')).toBe(messages.map(cloudEventLine).join(''));
    }), { seed: 20261202, numRuns: 300 });
  });

  it('refuses a message of an unknown type, as cloudEventLine does', () => {
    const m = { sequence: 1, messageId: 'a', type: 'SomethingElse', subject: 's', data: '{}', occurredAt: 't' };
    expect(() => cloudEventLine(m)).toThrow(/unknown type SomethingElse/);
    expect(() => assembled([m])).toThrow(/unknown type SomethingElse/);
  });
});

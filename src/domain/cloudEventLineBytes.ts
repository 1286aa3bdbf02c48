// cloudEventLine (./cloudEvents.ts) for a writer that has each message's fields as UTF-8 bytes
// (PostgreSQL's export reads them so: store/postgres/outboxExport.ts): the same line, byte for
// byte, assembled without making a string of each field. A JSON string is the field's own
// bytes between quotes unless it holds '"', '\' or a control character: such a field is
// decoded and quoted by JSON.stringify, exactly as cloudEventLine does. Tests hold the two to
// the same output.
import { formatSequence, LINE_TYPE_ATTRIBUTES, SEQUENCE_WIDTH } from './cloudEvents.js';

/** Where one message's fields are in `source`: [start, end) of each. */
export interface LineFields {
  sequence: number;
  idStart: number; idEnd: number;
  typeStart: number; typeEnd: number;
  subjectStart: number; subjectEnd: number;
  dataStart: number; dataEnd: number;
  timeStart: number; timeEnd: number;
}

const text = (s: string) => Buffer.from(s, 'utf8');
const OPEN = text('{"specversion":"1.0","id":');
const TIME = text(',"time":');
const DATA = text(',"datacontenttype":"application/json","data":');
const SEQUENCE = text(',"sequence":"');
const PARTITION = text('","partitionkey":');
const CLOSE = text('}\n');
const QUOTE = 0x22;
/** Per type: its source and type attributes, and the next key. */
const ATTRIBUTES = new Map([...LINE_TYPE_ATTRIBUTES].map(([type, attributes]) => [type, text(`${attributes},"subject":`)]));
/** The constant pieces of a line, its quotes and its sequence digits. */
const LINE_CONSTANT_BYTES = OPEN.length + TIME.length + DATA.length + SEQUENCE.length + PARTITION.length + CLOSE.length + 8 + SEQUENCE_WIDTH;

/** Lines appended one by one into a buffer that grows as needed; take() hands the bytes over. */
export class CloudEventLineWriter {
  private out: Buffer;
  private at = 0;
  /** Where the line being written will end at most (the room line() made). */
  private lineEnd = 0;

  constructor(private readonly initialBytes = 512 * 1024) {
    this.out = Buffer.allocUnsafe(initialBytes);
  }

  get length(): number {
    return this.at;
  }

  /** Appends the line of the message whose fields `f` locates in `source`; returns its type. */
  line(source: Buffer, f: LineFields): string {
    const type = source.toString('latin1', f.typeStart, f.typeEnd);
    const attributes = ATTRIBUTES.get(type);
    if (attributes === undefined) throw new Error(`outbox message of unknown type ${source.toString('utf8', f.typeStart, f.typeEnd)}`);
    if (!Number.isSafeInteger(f.sequence) || f.sequence < 0 || f.sequence >= 10 ** SEQUENCE_WIDTH) formatSequence(f.sequence); // throws its error
    // Room for the line as it is when nothing needs escaping; string() makes more if need be.
    const bytes = LINE_CONSTANT_BYTES + attributes.length + (f.idEnd - f.idStart) + 2 * (f.subjectEnd - f.subjectStart) + (f.timeEnd - f.timeStart) + (f.dataEnd - f.dataStart);
    this.room(bytes);
    this.lineEnd = this.at + bytes;
    this.put(OPEN);
    this.string(source, f.idStart, f.idEnd);
    this.put(attributes);
    this.string(source, f.subjectStart, f.subjectEnd);
    this.put(TIME);
    this.string(source, f.timeStart, f.timeEnd);
    this.put(DATA);
    this.at += source.copy(this.out, this.at, f.dataStart, f.dataEnd);
    this.put(SEQUENCE);
    // The zero-padded digits written in place (formatSequence's text, without making it).
    let sequence = f.sequence;
    for (let i = this.at + SEQUENCE_WIDTH - 1; i >= this.at; i--) {
      this.out[i] = 0x30 + (sequence % 10);
      sequence = Math.floor(sequence / 10);
    }
    this.at += SEQUENCE_WIDTH;
    this.put(PARTITION);
    this.string(source, f.subjectStart, f.subjectEnd);
    this.put(CLOSE);
    return type;
  }

  /** The lines written so far (a buffer of their own); the writer starts empty again. */
  take(): Buffer {
    const lines = this.out.subarray(0, this.at);
    this.out = Buffer.allocUnsafe(Math.max(this.initialBytes, this.at));
    this.at = 0;
    return lines;
  }

  /** A constant piece (short: a loop beats Buffer.copy's call). Room was made by line(). */
  private put(bytes: Buffer): void {
    const out = this.out;
    let at = this.at;
    for (let i = 0; i < bytes.length; i++) out[at++] = bytes[i]!;
    this.at = at;
  }

  /** A JSON string of the UTF-8 text source[start, end), copied as it is unless it needs escapes. */
  private string(source: Buffer, start: number, end: number): void {
    const out = this.out;
    let at = this.at;
    out[at++] = QUOTE;
    for (let i = start; i < end; i++) {
      const c = source[i]!;
      if (c < 0x20 || c === QUOTE || c === 0x5c) {
        const quoted = JSON.stringify(source.toString('utf8', start, end));
        // The line's room was counted with this string as it is: make what it takes more.
        const more = Buffer.byteLength(quoted) - (end - start + 2);
        this.lineEnd += more;
        this.room(this.lineEnd - this.at);
        this.at += this.out.write(quoted, this.at, 'utf8');
        return;
      }
      out[at++] = c;
    }
    out[at++] = QUOTE;
    this.at = at;
  }

  /** Makes sure `bytes` more fit. */
  private room(bytes: number): void {
    if (this.at + bytes <= this.out.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(2 * this.out.length, this.at + bytes));
    this.out.copy(bigger, 0, 0, this.at);
    this.out = bigger;
  }
}

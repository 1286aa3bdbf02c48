// Rows of PostgreSQL's binary COPY format (COPY … TO STDOUT (FORMAT binary)), read from its data
// in buffers of any size as they arrive (PgDatabase.copyOut): the 19-byte signature and header,
// then per row a 16-bit field count and each field as a 32-bit length (-1: NULL) and its bytes,
// and -1 as the trailer. Text fields are their UTF-8 bytes; bigint is 8 bytes, big-endian.
// https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.4

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const HEADER_BYTES = SIGNATURE.length + 8;

export class BinaryCopyRows {
  /** Where the current row's fields are: [start, end) of field k at 2k, 2k+1; -1, -1 for NULL. */
  readonly fields: Int32Array;
  private rest: Buffer | undefined;
  private headerRead = false;
  private trailerRead = false;

  constructor(readonly width: number) {
    this.fields = new Int32Array(2 * width);
  }

  /**
   * Calls `row(data)` for each whole row that has arrived (fields located by `fields` in
   * `data`, valid during the call only). Keeps nothing of `chunk` after it returns.
   */
  push(chunk: Uint8Array, row: (data: Buffer) => void): void {
    let data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.rest) data = Buffer.concat([this.rest, data]);
    this.rest = undefined;
    let at = 0;
    if (!this.headerRead) {
      if (data.length < HEADER_BYTES || data.length < HEADER_BYTES + data.readUInt32BE(HEADER_BYTES - 4)) {
        this.rest = Buffer.from(data);
        return;
      }
      if (!data.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error('COPY data is not in the binary format');
      at = HEADER_BYTES + data.readUInt32BE(HEADER_BYTES - 4);
      this.headerRead = true;
    }
    const fields = this.fields;
    while (at + 2 <= data.length && !this.trailerRead) {
      const count = data.readInt16BE(at);
      if (count === -1) {
        this.trailerRead = true;
        at += 2;
        break;
      }
      if (count !== this.width) throw new Error(`a COPY row of ${count} fields, ${this.width} expected`);
      let next = at + 2;
      let whole = true;
      for (let k = 0; k < count; k++) {
        if (next + 4 > data.length) {
          whole = false;
          break;
        }
        const length = data.readInt32BE(next);
        next += 4;
        if (length < 0) {
          fields[2 * k] = fields[2 * k + 1] = -1;
          continue;
        }
        if (next + length > data.length) {
          whole = false;
          break;
        }
        fields[2 * k] = next;
        fields[2 * k + 1] = next + length;
        next += length;
      }
      if (!whole) break;
      row(data);
      at = next;
    }
    if (at < data.length) {
      if (this.trailerRead) throw new Error('COPY data goes on after its end');
      // A copy: the chunk's buffer may be reused once this returns (PgDatabase.copyOut).
      this.rest = Buffer.from(data.subarray(at));
    }
  }

  /** Whether the data ended where it should: after the trailer, nothing left over. */
  get complete(): boolean {
    return this.trailerRead && this.rest === undefined;
  }
}

/** A non-negative bigint field (8 bytes, big-endian) as a number. */
export function int8At(data: Buffer, start: number): number {
  return data.readUInt32BE(start) * 2 ** 32 + data.readUInt32BE(start + 4);
}

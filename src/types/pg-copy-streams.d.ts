// The part of pg-copy-streams (CommonJS, no types of its own) the PostgreSQL worker uses.
declare module 'pg-copy-streams' {
  import type { Readable } from 'node:stream';
  const copyStreams: {
    /** A `pg` query (client.query(to(text))) whose result is COPY … TO STDOUT's data, as a stream. */
    to(text: string): Readable & { rowCount: number; submit(connection: unknown): void };
  };
  export default copyStreams;
}

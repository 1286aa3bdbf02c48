// The throwaway PostgreSQL server lives in bench/ (the bench starts one too); the tests' entry.
export { freePort, loadEmbeddedPostgres, startTestPostgres, type TestPostgres } from '../../bench/postgresServer.js';

// Where the shop lives, as the commands may name it: --db / SHOPCTL_DB is a SQLite file or a
// PostgreSQL URL, and a URL is only ever shown without its password.
export { shownLocation, withoutPasswords, isPostgresUrl } from '../store/index.js';

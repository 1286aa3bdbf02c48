// Secrets kept beside the log, never in it: password hashes and e-mail verification tokens.
// Written inside the command's transaction (same connection), so a rejected registration
// leaves no credential behind. Replay never touches these tables.
import type { SqlDatabase, SqlStatement } from './sql.js';

export interface PasswordHash { algorithm: string; salt: string; hash: string }

export class CredentialWriter {
  private readonly insertCredential: SqlStatement;
  private readonly insertToken: SqlStatement;

  constructor(db: SqlDatabase) {
    this.insertCredential = db.prepare(
      'INSERT INTO credentials (customerId, algorithm, salt, hash) VALUES (@customerId, @algorithm, @salt, @hash)',
    );
    this.insertToken = db.prepare(
      'INSERT INTO verification_tokens (customerId, token, createdAt) VALUES (?, ?, ?)',
    );
  }

  savePassword(customerId: string, password: PasswordHash): void {
    this.insertCredential.run({ customerId, ...password });
  }

  /** Must run before CustomerRegistered is appended: its integration event reads the token. */
  saveVerificationToken(customerId: string, token: string, createdAt: string): void {
    this.insertToken.run(customerId, token, createdAt);
  }
}

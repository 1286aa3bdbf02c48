// Password strength (RegisterCustomer): 12–128 characters and not a well-known password.
// Pure: hashing happens in the application layer. Messages never repeat the password.
import { DomainError } from './errors.js';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;
/** Bytes of UTF-8 that can still hold an allowed password and its line break (4 bytes a character at most). */
export const MAX_PASSWORD_INPUT_BYTES = MAX_PASSWORD_LENGTH * 4 + 2;

/** Input longer than any allowed password: refused without reading (or keeping) the rest. */
export function passwordInputTooLong(): DomainError {
  return new DomainError(
    'PASSWORD_TOO_WEAK',
    `the password must be ${MIN_PASSWORD_LENGTH}–${MAX_PASSWORD_LENGTH} characters (the input is longer)`,
    { min: MIN_PASSWORD_LENGTH, max: MAX_PASSWORD_LENGTH },
  );
}

// Frequently leaked passwords of 12+ characters (shorter ones fail the length rule anyway),
// compared case-insensitively.
const COMMON_PASSWORDS = new Set([
  '123456789012', '1234567890123', '12345678901234', '123456789012345', '1234567890qwerty', '0987654321qwerty',
  '111111111111', '000000000000', '123123123123', '121212121212', '112233445566', '123412341234',
  'password1234', 'password12345', 'password123456', 'password1234567', 'passwordpassword', 'password!123',
  'p@ssw0rd1234', 'p@ssword1234', 'passw0rd1234', 'mypassword123', 'mypassword1234', 'changeme1234',
  'changeme123456', 'letmein12345', 'letmein123456', 'welcome12345', 'welcome123456', 'welcome2024!',
  'qwerty123456', 'qwertyuiop12', 'qwertyuiop123', 'qwertyuiopasdf', 'qwertyuiopasdfgh', 'qwertyqwerty',
  'qwerty12345678', 'asdfghjkl123', 'asdfghjkl1234', 'asdfasdfasdf', 'zxcvbnm12345', 'zxcvbnm123456',
  '1q2w3e4r5t6y', '1q2w3e4r5t6y7u', '1qaz2wsx3edc', '1qaz2wsx3edc4rfv', 'zaq12wsxcde3', 'qazwsxedcrfv',
  'abcdefghijkl', 'abcdefghijklm', 'abcd1234abcd', 'abc123abc123', 'aaaaaaaaaaaa', 'administrator',
  'administrator1', 'admin1234567', 'iloveyou1234', 'iloveyou12345', 'trustno1trustno1', 'football1234',
  'baseball1234', 'superman1234', 'princess1234', 'sunshine1234', 'starwars1234', 'whatever1234',
  'monkey123456', 'dragon123456', 'master123456', 'shadow123456', 'michael12345', 'jennifer1234',
  'computer1234', 'internet1234', 'secret123456', 'correcthorsebatterystaple', 'thequickbrownfox',
  'letmeinplease', 'opensesame123', 'hello1234567', 'helloworld123', 'helloworld1234', 'shopctl12345',
]);

/** Throws PASSWORD_TOO_WEAK unless the password is acceptable. */
export function checkPasswordStrength(password: string): void {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH) {
    throw new DomainError(
      'PASSWORD_TOO_WEAK',
      `the password must be ${MIN_PASSWORD_LENGTH}–${MAX_PASSWORD_LENGTH} characters (it has ${length})`,
      { min: MIN_PASSWORD_LENGTH, max: MAX_PASSWORD_LENGTH, length },
    );
  }
  if (COMMON_PASSWORDS.has(password.toLowerCase()) || new Set(password).size === 1) {
    throw new DomainError('PASSWORD_TOO_WEAK', 'the password is on the list of common passwords; choose another', {
      reason: 'common password',
    });
  }
}

/** Recognizing credentials written as values (rule AP111). */

const CREDENTIAL_NAME = /(^|_)(PASSWORD|PASSWD|PASS|PWD|SECRET|TOKEN|KEY|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?|AUTH)$/i;
/** Credential-shaped values, with what each one is. Also used to scan output in tests. */
export const CREDENTIAL_VALUE: readonly [RegExp, string][] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'the value is a private key'],
  [/\bAKIA[0-9A-Z]{16}\b/, 'the value is an AWS access key'],
  [/\bgh[pousr]_[A-Za-z0-9]{20,}\b/, 'the value is a GitHub token'],
  [/\bsk-[A-Za-z0-9_-]{20,}\b/, 'the value looks like an LLM API key'],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}\b/, 'the value is a Slack token'],
  [/\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\b/, 'the value is a JWT'],
];

/** Why an environment entry looks like a credential written as a value, or undefined. */
export function credentialShape(name: string, value: string): string | undefined {
  for (const [re, why] of CREDENTIAL_VALUE) if (re.test(value)) return why;
  if (CREDENTIAL_NAME.test(name) && value.length > 0) return `${name} names a credential and has a literal value`;
  return undefined;
}

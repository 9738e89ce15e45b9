/**
 * The variables that point an AWS SDK or the AWS CLI at a credentials endpoint, as POSIX shell lines. The
 * token itself is never printed: the line reads it from its 0600 file when the shell runs it, so it works
 * with every SDK and CLI version that knows AWS_CONTAINER_AUTHORIZATION_TOKEN (older ones, such as the AWS
 * CLI before 2.13 and botocore before 1.31, do not read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE), while
 * stdout, the clipboard and the window only ever hold a path.
 */
export function endpointShellLines(fullUri: string, tokenFile: string): string {
  return `export AWS_CONTAINER_CREDENTIALS_FULL_URI=${shellQuote(fullUri)}\nexport AWS_CONTAINER_AUTHORIZATION_TOKEN="$(cat ${shellQuote(tokenFile)})"\n`;
}

/** POSIX shell single quotes: nothing inside is expanded. */
function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * How we recognise our own sections: a comment line inside the section, right under its header,
 *
 *     [profile dev]
 *     # managed by cognito-broker: account=dev role=arn:aws:iam::123456789012:role/Dev
 *
 * Inside rather than above, so comments or blank lines a user adds around sections never separate the marker
 * from its header, and moving a section moves its marker with it. A section without this line is never
 * ours, whatever its name.
 */
export interface ManagedMarker {
  account: string;
  roleArn?: string;
  /**
   * `file=created`: cognito-broker created the config file for this section, and the file never held
   * anything but such sections when it was written. Removing the last of our sections then deletes the file
   * again instead of leaving an empty one where the user had none (see profile-store.ts).
   */
  createdFile?: boolean;
}

const PREFIX = '# managed by cognito-broker:';
// Only the fixed start is a regular expression: the fields are split by hand, because a lazy `(.*?)[ \t]*$`
// backtracks over every run of blanks and is quadratic on a long line.
const START = /^[ \t]*[#;][ \t]*managed by cognito-broker:/;

export function formatMarker(marker: ManagedMarker): string {
  return `${PREFIX} account=${marker.account}${marker.roleArn ? ` role=${marker.roleArn}` : ''}${marker.createdFile ? ' file=created' : ''}`;
}

export function parseMarker(text: string): ManagedMarker | undefined {
  const match = START.exec(text);
  if (!match) return undefined;
  const fields = new Map<string, string>();
  for (const token of text.slice(match[0].length).split(/[ \t]+/)) {
    const eq = token.indexOf('=');
    if (eq > 0) fields.set(token.slice(0, eq), token.slice(eq + 1));
  }
  const account = fields.get('account');
  if (!account) return undefined;
  const roleArn = fields.get('role');
  const marker: ManagedMarker = roleArn ? { account, roleArn } : { account };
  if (fields.get('file') === 'created') marker.createdFile = true;
  return marker;
}

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
}

const PREFIX = '# managed by cognito-broker:';
const PATTERN = /^[ \t]*[#;][ \t]*managed by cognito-broker:[ \t]*(.*?)[ \t]*$/;

export function formatMarker(marker: ManagedMarker): string {
  return `${PREFIX} account=${marker.account}${marker.roleArn ? ` role=${marker.roleArn}` : ''}`;
}

export function parseMarker(text: string): ManagedMarker | undefined {
  const match = PATTERN.exec(text);
  if (!match) return undefined;
  const fields = new Map<string, string>();
  for (const token of match[1]!.split(/[ \t]+/)) {
    const eq = token.indexOf('=');
    if (eq > 0) fields.set(token.slice(0, eq), token.slice(eq + 1));
  }
  const account = fields.get('account');
  if (!account) return undefined;
  const roleArn = fields.get('role');
  return roleArn ? { account, roleArn } : { account };
}

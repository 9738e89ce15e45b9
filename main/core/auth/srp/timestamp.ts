const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/**
 * The TIMESTAMP of a password claim, in the one format Cognito accepts: "ddd MMM D HH:mm:ss UTC YYYY" in UTC
 * with the day of the month unpadded ("Sun Dec 6 04:15:04 UTC 2026"), as amazon-cognito-identity-js's
 * DateHelper.getNowString writes it. It is part of the signed message, so a different spelling fails the proof.
 */
export function cognitoTimestamp(now: Date = new Date()): string {
  const time = `${two(now.getUTCHours())}:${two(now.getUTCMinutes())}:${two(now.getUTCSeconds())}`;
  return `${DAYS[now.getUTCDay()]} ${MONTHS[now.getUTCMonth()]} ${now.getUTCDate()} ${time} UTC ${now.getUTCFullYear()}`;
}

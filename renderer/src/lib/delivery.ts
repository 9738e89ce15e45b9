import type { CodeDelivery } from '../../../main/contract/app-api.js';

/** Where a confirmation code went, in a sentence, with the masked destination Cognito returned. */
export function describeDelivery(delivery: CodeDelivery | undefined): string {
  const medium = delivery?.medium?.toUpperCase();
  const by = medium === 'SMS' ? 'by text message ' : medium === 'EMAIL' ? 'by e-mail ' : '';
  return delivery?.destination ? `We sent a code ${by}to ${delivery.destination}.` : `We sent you a code ${by}`.trimEnd() + '.';
}

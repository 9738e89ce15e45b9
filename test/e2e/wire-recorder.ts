import type { Page } from 'playwright-core';
import type { AppEventFeed } from '../../main/core/api/event-feed.js';

export interface WireMessage {
  kind: 'request' | 'response' | 'event';
  /** For calls: the AppApi method; for events: the event name. */
  name: string;
  body: string;
}

/**
 * Every message that crossed the bridge in a run: call requests and responses as Chromium saw them on the
 * wire, and every SSE event (recorded from the same feed the bridge streams, because a streaming response
 * body cannot be read back from the browser).
 */
export class WireRecorder {
  readonly messages: WireMessage[] = [];
  private readonly pending: Promise<void>[] = [];

  attach(page: Page, events: AppEventFeed): () => void {
    page.on('request', (request) => {
      if (!request.url().includes('/api/call')) return;
      const body = request.postData() ?? '';
      this.messages.push({ kind: 'request', name: methodOf(body), body });
    });
    page.on('response', (response) => {
      if (!response.url().includes('/api/call')) return;
      const method = methodOf(response.request().postData() ?? '');
      this.pending.push(
        response.text().then(
          (body) => void this.messages.push({ kind: 'response', name: method, body }),
          () => undefined,
        ),
      );
    });
    return events.subscribe((message) => this.messages.push({ kind: 'event', name: message.event, body: JSON.stringify(message.payload) }));
  }

  /** Waits for response bodies still being read. */
  async settle(): Promise<WireMessage[]> {
    await Promise.all(this.pending);
    return this.messages;
  }
}

function methodOf(body: string): string {
  try {
    return String((JSON.parse(body) as { method?: unknown }).method ?? '?');
  } catch {
    return '?';
  }
}

export interface SecretRule {
  label: string;
  value: string;
  /** Messages that may carry this value (the one place a person must type or see it). */
  allowedIn?: (message: WireMessage) => boolean;
}

const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}/;
const AWS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/;
/**
 * A remembered device's secrets by their names (the keychain record's and Cognito's: ConfirmDevice's
 * DeviceSecretVerifierConfig, DEVICE_SRP_AUTH's group key): whatever their values, no message carries them.
 */
const DEVICE_SECRET_FIELD = /"(?:devicePassword|deviceGroupKey|DeviceGroupKey|PasswordVerifier|DeviceSecretVerifierConfig)"/;

/** Findings as "label in kind name" strings (never the value itself, so a failure message leaks nothing). */
export function findLeaks(messages: WireMessage[], rules: SecretRule[]): string[] {
  const found: string[] = [];
  for (const message of messages) {
    if (JWT.test(message.body)) found.push(`a JSON Web Token in ${message.kind} ${message.name}`);
    if (AWS_KEY_ID.test(message.body)) found.push(`an AWS access key id in ${message.kind} ${message.name}`);
    if (DEVICE_SECRET_FIELD.test(message.body)) found.push(`a device secret's field in ${message.kind} ${message.name}`);
    for (const rule of rules) {
      if (rule.value.length < 4 || !message.body.includes(rule.value)) continue;
      if (rule.allowedIn?.(message)) continue;
      found.push(`${rule.label} in ${message.kind} ${message.name}`);
    }
  }
  return found;
}

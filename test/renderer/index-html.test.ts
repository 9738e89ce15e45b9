import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { render, screen } from '@testing-library/react';
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { NoBridge } from '../../renderer/src/screens/no-bridge.js';

const html = readFileSync(join(__dirname, '../../renderer/index.html'), 'utf8');

describe('renderer/index.html', () => {
  it('carries a strict Content-Security-Policy: own origin only, no inline code, no eval, no remote anything', () => {
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    const directives = new Map(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name!, values]),
    );
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  });

  it('loads only its own module script, with no inline script or style', () => {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    expect(scripts[0]![1]).toContain('type="module"');
    expect(scripts[0]![1]).toMatch(/src="\.\/src\/main\.tsx"/);
    expect(scripts[0]![2]!.trim()).toBe('');
    expect(html).not.toMatch(/<style|style="|https?:\/\//);
  });
});

describe('NoBridge', () => {
  it('says how to open the window when there is no broker to talk to', () => {
    render(createElement(NoBridge));
    expect(screen.getByRole('heading', { name: 'Not connected to Cognito Broker' })).toBeInTheDocument();
    expect(screen.getByText('npm run dev:web')).toBeInTheDocument();
  });
});

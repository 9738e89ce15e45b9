import type { ReactNode } from 'react';

/**
 * The end of a self-service flow: what now holds, and the one next step, focused so a keyboard user can go on.
 * Sign-up, password reset and password change all finish this way.
 */
export function DoneNote({ title, children, action, onAction }: { title: string; children: ReactNode; action: ReactNode; onAction: () => void }) {
  return (
    <div role="status">
      <h2>{title}</h2>
      <p>{children}</p>
      <div className="actions">
        <button type="button" className="primary" autoFocus onClick={onAction}>
          {action}
        </button>
      </div>
    </div>
  );
}

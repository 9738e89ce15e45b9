import { useId, useState, type FormEvent } from 'react';
import type { PasswordPolicy } from '../../../main/contract/password-policy.js';
import { NewPasswordFields, newPasswordProblem } from '../components/new-password-fields.js';
import type { StepProps } from './step-props.js';
import { StepActions } from './step-actions.js';

/** NEW_PASSWORD_REQUIRED: the pool's policy as a checklist that updates as the person types. */
export function NewPasswordStep({ policy, onAnswer, onCancel, busy, retryReason }: StepProps & { policy?: PasswordPolicy }) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<string>();
  const id = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const refusal = newPasswordProblem(password, confirm, policy);
    setProblem(refusal);
    if (refusal) return;
    const typed = password;
    setPassword('');
    setConfirm('');
    await onAnswer(typed);
  }

  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>Choose a new password</h2>
      <p>Your administrator set a temporary password. Choose your own to finish signing in.</p>
      <NewPasswordFields
        password={password}
        confirm={confirm}
        onPassword={setPassword}
        onConfirm={setConfirm}
        policy={policy}
        error={problem ?? retryReason}
        autoFocus
      />
      <StepActions busy={busy} onCancel={onCancel} submitLabel="Set password and sign in" />
    </form>
  );
}

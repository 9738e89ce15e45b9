/** What every sign-in step receives from the sign-in screen. */
export interface StepProps {
  /** Sends the person's answer; the screen moves to the next step or shows why it was refused. */
  onAnswer: (answer: string) => Promise<void>;
  onCancel: () => void;
  busy: boolean;
  /** Why the previous answer to this step was refused, in words. */
  retryReason?: string;
}

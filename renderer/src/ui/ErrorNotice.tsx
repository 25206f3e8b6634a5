/** An error in words, announced to screen readers; renders nothing without a message. */
export function ErrorNotice({
  message,
  prefix,
  testId,
}: {
  message: string | null | undefined;
  prefix?: string;
  testId?: string;
}) {
  if (!message) return null;
  return (
    <div className="notice notice--error" role="alert" data-testid={testId}>
      {prefix}
      {message}
    </div>
  );
}

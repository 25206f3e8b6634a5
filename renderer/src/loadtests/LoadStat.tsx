/** One number of a run under its label, in a <dl>; `bad` colours it as a problem. */
export function Stat({
  label,
  value,
  testId,
  bad = false,
}: {
  label: string;
  value: string;
  testId?: string;
  bad?: boolean;
}) {
  return (
    <div className={`load-stat${bad ? ' load-stat--bad' : ''}`}>
      <dt>{label}</dt>
      <dd className="mono" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

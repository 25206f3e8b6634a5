import { useEffect, useState } from 'react';

/**
 * "Next attempt in 12 s", counting down to the engine's next reconnect attempt. The attempt
 * itself happens at the host's next poll after that moment, so this says "about".
 */
export function RetryCountdown({ at }: { at: number | null | undefined }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at == null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [at]);
  if (at == null) return <>Greenboard keeps retrying on its own.</>;
  const s = Math.ceil((at - now) / 1000);
  return <>{s > 1 ? `Retrying on its own in about ${s} s.` : 'Retrying on its own at the next poll.'}</>;
}

// SKELETON (session in progress): replaced by the helper building the checks UI.
export function ProbePage({ probeId }: { probeId: string }) {
  void probeId;
  return null;
}

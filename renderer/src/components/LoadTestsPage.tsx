// SKELETON (session in progress): replaced by the helper building the checks UI.
export function LoadTestsPage() {
  return null;
}

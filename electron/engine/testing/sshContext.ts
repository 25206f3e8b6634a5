import { defaultCollector } from '../collectorFactory';
import { CredentialStore } from '../ssh/credentials';
import { TrustPolicy } from '../ssh/trust';
import type { HostKeyPolicy } from '../ssh/types';
import { testContext, type TestContext, type TestContextOptions } from './testContext';

/** A test context whose hosts are reached as the engine reaches them, and the credentials they use. */
export interface SshTestContext extends TestContext {
  readonly credentials: CredentialStore;
}

/**
 * A test context with the engine's own collectors: SSH hosts over a real SSH session (host keys
 * trusted through the store only, no known_hosts file; secrets from memory), and this machine's
 * real collector. For tests of a service against a real sshd, without the rest of the engine.
 */
export function sshTestContext(
  opts: Omit<TestContextOptions, 'createCollector'> & { sshTimeoutMs: number },
): SshTestContext {
  const credentials = new CredentialStore(process.env, null);
  // The trust policy reads the context's store, so it is made after it; a key is checked only on connecting.
  let trust: TrustPolicy | null = null;
  const hostKeys: HostKeyPolicy = {
    check: (endpoint, keyType, key) => {
      if (!trust) throw new Error('sshTestContext: no trust policy yet');
      return trust.check(endpoint, keyType, key);
    },
  };
  const ctx = testContext({
    ...opts,
    createCollector: (host, clock, onLinkChange) =>
      defaultCollector(host, clock, {
        hostKeys,
        credentials,
        sshTimeoutMs: opts.sshTimeoutMs,
        onLinkChange: (_link, changed) => onLinkChange(changed),
      }),
  });
  trust = new TrustPolicy(ctx.store, null);
  return { ...ctx, credentials };
}

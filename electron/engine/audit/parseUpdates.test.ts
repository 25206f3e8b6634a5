import { describe, expect, it } from 'vitest';
import { absent, facts, NOW_S, sec, sections } from './fixtures/sections';
import { parseAptGetSim, parseCheckUpdate, rebootFinding, updateFindings } from './parseUpdates';

const APT_HEADER =
  '\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\nListing...';
const lists = (days = 1) => sec('apt-lists', `packages=6\nupdated=${NOW_S - days * 86400}`);
const noRpm = [absent('yum'), absent('yum-security', 'yum')];
const apt = (body: string, days = 1) =>
  updateFindings(sections(sec('apt', body), lists(days), ...noRpm), facts());

describe('apt updates', () => {
  it('passes with nothing pending, and says how old the package lists are', () => {
    const [all, security] = apt(APT_HEADER, 10);
    expect(all).toMatchObject({ id: 'updates.pending', status: 'pass' });
    expect(security).toMatchObject({ id: 'updates.security', status: 'pass' });
    expect(all?.evidence).toMatch(/last refreshed 10 days ago: run `apt update`/);
  });

  it('fails with updates pending, security ones by their -security suite (Ubuntu lists several)', () => {
    const [all, security] = apt(
      `${APT_HEADER}\nbash/oldstable 5.2.15-2+b13 amd64 [upgradable from: 5.2.15-2+b8]\nopenssl/jammy-updates,jammy-security 3.0.2-0ubuntu1.18 amd64 [upgradable from: 3.0.2-0ubuntu1.17]`,
    );
    expect(all).toMatchObject({ status: 'fail', severity: 'low' });
    expect(all?.evidence).toMatch(/2 updates pending: bash, openssl/);
    expect(security).toMatchObject({ status: 'fail', severity: 'high' });
    expect(security?.evidence).toMatch(/1 security update pending: openssl/);
  });

  it('reads apt-get -s where there is no apt', () => {
    const sim =
      'Inst bash [5.2.15-2+b8] (5.2.15-2+b13 Debian:12.15/oldstable [amd64])\nInst libgcrypt20 [1.10.1-3] (1.10.1-3+deb12u1 Debian:12.15/oldstable, Debian-Security:12/oldstable-security [amd64]) []\nConf bash (5.2.15-2+b13 Debian:12.15/oldstable [amd64])';
    expect(parseAptGetSim(sim)).toEqual({ names: ['bash', 'libgcrypt20'], security: ['libgcrypt20'] });
  });

  it('is not checked without package lists (a container image that removed them)', () => {
    const f = updateFindings(
      sections(sec('apt', APT_HEADER), sec('apt-lists', 'updated=1'), ...noRpm),
      facts(),
    );
    expect(f.map((x) => [x.status, x.reason])).toEqual([
      ['not_checked', 'no apt package lists'],
      ['not_checked', 'no apt package lists'],
    ]);
  });
});

describe('dnf updates', () => {
  const DNF =
    '\nkernel.x86_64            5.14.0-503.14.1.el9_5       baseos\nopenssl.x86_64  1:3.2.2-6.el9_5   baseos\n\nObsoleting Packages\ngrub2-tools.x86_64  1:2.06-92.el9  baseos';
  const dnf = (all: string, allRc: number, sec_: string, secRc: number, uid = 0) =>
    updateFindings(
      sections(absent('apt-get'), sec('dnf', all, allRc), sec('dnf-security', sec_, secRc)),
      facts({ uid }),
    );

  it('reads check-update rows and stops at Obsoleting Packages', () => {
    expect(parseCheckUpdate(DNF)).toEqual(['kernel', 'openssl']);
  });

  it('passes on exit 0 and fails on exit 100 (updates pending)', () => {
    expect(dnf('', 0, '', 0).map((f) => f.status)).toEqual(['pass', 'pass']);
    const [all, security] = dnf(DNF, 100, 'openssl.x86_64  1:3.2.2-6.el9_5   baseos', 100);
    expect(all?.evidence).toBe('dnf: 2 updates pending: kernel, openssl.');
    expect(security).toMatchObject({ status: 'fail', evidence: 'dnf: 1 security update pending: openssl.' });
  });

  it('needs root when a user’s dnf has no cache to read (-C never downloads)', () => {
    const err = "Error: Cache-only enabled but no cache for 'baseos'";
    expect(dnf(err, 1, err, 1, 1000).map((f) => f.reason)).toEqual(['needs root', 'needs root']);
  });
});

describe('no package manager', () => {
  it('says "no apt or dnf" on Alpine', () => {
    const f = updateFindings(sections(absent('apt-get'), ...noRpm), facts());
    expect(f.map((x) => [x.status, x.reason])).toEqual([
      ['not_checked', 'no apt or dnf'],
      ['not_checked', 'no apt or dnf'],
    ]);
  });
});

describe('reboot required', () => {
  const nr = absent('needs-restarting');
  const reboot = (body: string, kernel = '6.1.0-28-amd64', ...more: string[]) =>
    rebootFinding(sections(sec('reboot', body), ...more), facts({ kernel }));

  it('fails on /var/run/reboot-required and passes without it on a Debian system', () => {
    expect(reboot('flag=1\npkg=linux-image-6.1.0-28-amd64', undefined, nr).evidence).toBe(
      '/var/run/reboot-required exists (for linux-image-6.1.0-28-amd64).',
    );
    const ok = reboot('modules=6.1.0-28-amd64', undefined, nr, sec('apt', ''));
    expect(ok).toMatchObject({ status: 'pass' });
    expect(ok.evidence).toMatch(/no \/var\/run\/reboot-required/);
  });

  it('follows needs-restarting -r (exit 1: reboot needed)', () => {
    const need = sec(
      'needs-restarting',
      'Core libraries or services have been updated since boot-up:\n  * kernel',
      1,
    );
    expect(reboot('', undefined, need).status).toBe('fail');
    const fine = sec('needs-restarting', 'No core libraries or services have been updated since boot-up.', 0);
    expect(reboot('', undefined, fine).status).toBe('pass');
  });

  it('fails when a newer kernel of the same flavour is installed, or the running one’s modules are gone', () => {
    const newer = reboot(
      'modules=6.1.0-26-amd64\nmodules=6.1.0-28-amd64\nmodules=6.1.0-30-cloud-amd64',
      '6.1.0-26-amd64',
      nr,
    );
    expect(newer.evidence).toBe('Kernel 6.1.0-28-amd64 is installed but 6.1.0-26-amd64 is running.');
    expect(reboot('modules=6.6.58-0-lts', '6.6.58-0-lts', nr).status).toBe('pass');
    expect(reboot('modules=6.6.58-0-virt', '6.6.49-0-lts', nr).evidence).toMatch(/has no modules/);
  });

  it('is not checked where nothing would say (no apt, no needs-restarting, no /lib/modules)', () => {
    expect(reboot('', undefined, nr)).toMatchObject({
      status: 'not_checked',
      reason: 'no reboot-required signal on this system',
    });
  });
});

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { ManifestDocument } from '../../server/src/service/document';
import { validateManifest } from '../../server/src/service/diagnostics/validate';
import { manifestKind } from '../../server/src/service/files';
import { normalizeSettings, Target } from '../../server/src/service/settings';
import { CORPUS, corpusNotes } from '../helpers/corpus';

const notes = corpusNotes();

function lint(relative: string, target: Target) {
  const file = path.join(CORPUS, relative);
  const text = readFileSync(file, 'utf8');
  const document = new ManifestDocument(pathToFileURL(file).href, 1, text);
  const kind = relative.includes('manifest1__fixtures') ? 'gen1' : manifestKind(path.basename(file));
  const diagnostics = validateManifest(document, normalizeSettings({ target }), { kind });
  return diagnostics.map((d) => ({
    code: d.code,
    severity: d.severity,
    message: d.message,
    text: text.slice(document.lines.offsetAt(d.range.start), document.lines.offsetAt(d.range.end)),
  }));
}

/**
 * The rack generation a corpus manifest was written for, from its MANIFEST note: convox/rack files and notes that
 * start with "gen2", "hybrid" or mention praxis are v2 (ECS) manifests; everything else is v3.
 */
function targetOf(relative: string): Target {
  const note = notes.get(relative) ?? '';
  if (relative.includes('convox__rack__')) return 'v2';
  return /^(early )?gen2(?!\/v3)|^hybrid|praxis/i.test(note) ? 'v2' : 'v3';
}

/** Real manifests Convox itself rejects (or that fail at promote), with the finding the MANIFEST note describes. */
const KNOWN_INVALID: Record<string, { target: Target; code: string; text: string }> = {
  // note: "resource name hasura_graphql_database has UNDERSCORES -> fails current NameValidator"
  'convox/convox-examples__hasura__convox.yml': { target: 'v3', code: 'invalid-name', text: 'hasura_graphql_database' },
  // agent given as a map: v3's loader fails with "agent ports are now specified at the service level" (spec 4.1)
  'convox/convox-examples__datadog__convox.yml': { target: 'v3', code: 'v3-form', text: 'ports:\n      - 8125/udp\n      - 8126/tcp\n' },
};

function validManifests(): string[] {
  const files = readdirSync(path.join(CORPUS, 'convox')).map((f) => `convox/${f}`);
  for (const pair of readdirSync(path.join(CORPUS, 'pairs'))) {
    for (const f of readdirSync(path.join(CORPUS, 'pairs', pair))) {
      if (/convox[^/]*\.ya?ml$/.test(f) && !/compose/.test(f)) files.push(`pairs/${pair}/${f}`);
    }
  }
  return files.sort();
}

describe('valid real-world manifests get no error', () => {
  for (const relative of validManifests()) {
    const known = KNOWN_INVALID[relative];
    test(relative, () => {
      const findings = lint(relative, known?.target ?? targetOf(relative));
      const errors = findings.filter((f) => f.severity === DiagnosticSeverity.Error);
      if (known) {
        assert.ok(
          errors.some((e) => e.code === known.code && e.text.startsWith(known.text.split('\n')[0])),
          `expected ${known.code} on "${known.text}", got ${JSON.stringify(errors)}`,
        );
        return;
      }
      assert.deepEqual(errors, [], `${relative} (${targetOf(relative)}): ${notes.get(relative)}`);
    });
  }
});

type Expected = { code: string; text?: string; message?: RegExp };

/** Every file of convox-invalid/, with the finding(s) its MANIFEST note says Convox gives. */
const INVALID: Record<string, { target: Target; expect: Expected[]; warningOnly?: boolean }> = {
  'convox__convox__pkg__manifest__autoscale_test.go__TestValidateReservedTriggerName.yml': { target: 'v3', expect: [{ code: 'invalid-scale', text: 'convox-my-cron', message: /uses reserved prefix 'convox-'/ }] },
  'convox__convox__pkg__manifest__autoscale_test.go__TestValidateScaleMinZeroCpuOnly.yml': { target: 'v3', expect: [{ code: 'invalid-scale', message: /scale\.min: 0 combined with only always-active autoscale triggers/ }] },
  'convox__convox__pkg__manifest__autoscale_test.go__cpu-threshold-above-100.yml': { target: 'v3', expect: [{ code: 'invalid-value', text: '150', message: /cpu\.threshold must be between 1 and 100/ }] },
  'convox__convox__pkg__manifest__autoscale_test.go__gpu-util-requires-gpu-count.yml': { target: 'v3', expect: [{ code: 'invalid-scale', message: /gpuUtilization requires scale\.gpu\.count >= 1/ }] },
  'convox__convox__pkg__manifest__autoscale_test.go__invalid-metric-name.yml': { target: 'v3', expect: [{ code: 'invalid-value', text: '"1-bad-name"', message: /metricName/ }] },
  'convox__convox__pkg__manifest__autoscale_test.go__invalid-prometheus-url.yml': { target: 'v3', expect: [{ code: 'invalid-scale', text: '"://bad"', message: /prometheusUrl is not a valid URL/ }] },
  'convox__convox__pkg__manifest__autoscale_test.go__max-less-than-min.yml': { target: 'v3', expect: [{ code: 'invalid-scale', message: /scale\.max must be >= scale\.min/ }] },
  'convox__convox__pkg__manifest__autoscale_test.go__queue-threshold-zero.yml': { target: 'v3', expect: [{ code: 'invalid-value', text: '0', message: /queueDepth\.threshold must be > 0/ }] },
  'convox__convox__pkg__manifest__service_test.go__TestManifestValidateImagePullSecretsHookSurfacesErrors.yml': { target: 'v3', expect: [{ code: 'invalid-image-pull-secrets', text: 'NVCR.IO', message: /registry "NVCR\.IO" must be lowercase/ }] },
  'convox__convox__pkg__manifest__testdata__auto-shutdown-invalid-rule1.yml': { target: 'v3', expect: [{ code: 'invalid-budget', message: /atCapWebhookUrl/ }] },
  'convox__convox__pkg__manifest__testdata__auto-shutdown-invalid-rule10a.yml': { target: 'v3', expect: [{ code: 'invalid-budget', message: /at least one service/ }] },
  'convox__convox__pkg__manifest__testdata__auto-shutdown-invalid-rule4.yml': { target: 'v3', expect: [{ code: 'invalid-budget', text: '2000', message: /notifyBeforeMinutes must be between 5 and 1440/ }] },
  'convox__convox__pkg__manifest__testdata__auto-shutdown-invalid-rule6.yml': { target: 'v3', expect: [{ code: 'invalid-budget', text: 'garbage', message: /shutdownGracePeriod must be a Go duration string/ }] },
  'convox__convox__pkg__manifest__testdata__auto-shutdown-invalid-rule8.yml': { target: 'v3', expect: [{ code: 'invalid-value', text: 'scheduled', message: /reserved for 3\.25\.0/ }] },
  'convox__convox__pkg__manifest__testdata__invalid.1.yml': { target: 'v3', expect: [{ code: 'invalid-type', text: 'foo' }] },
  'convox__convox__pkg__manifest__testdata__invalid.2.yml': { target: 'v3', warningOnly: true, expect: [{ code: 'unknown-key', text: 'servicess', message: /Did you mean "services"/ }] },
  'convox__convox__pkg__manifest__testdata__validate.yml': {
    target: 'v3',
    expect: [
      { code: 'missing-key', text: 'alpha', message: /balancer alpha has no ports/ },
      { code: 'missing-key', text: 'alpha', message: /balancer alpha has no service/ },
      { code: 'invalid-value', text: '1.1.1.1', message: /whitelist 1\.1\.1\.1 is not a valid cidr range/ },
      { code: 'undefined-service', text: 'nosuch', message: /balancer bravo refers to unknown service nosuch/ },
      { code: 'invalid-name', text: '1resource' },
      { code: 'invalid-deployment', text: '-1', message: /deployment minimum can not be less than 0/ },
      { code: 'invalid-deployment', text: '99', message: /deployment maximum can not be less than 100/ },
      { code: 'invalid-deployment', text: '101', message: /deployment minimum can not be greater than 100/ },
      { code: 'invalid-deployment', text: '201', message: /deployment maximum can not be greater than 200/ },
      { code: 'conflicting-keys', message: /can not have both internal and internalRouter set as true/ },
      { code: 'invalid-name', text: 'serviceF' },
      { code: 'undefined-resource', text: 'foo' },
      { code: 'invalid-name', text: 'timer_1' },
      { code: 'undefined-service', text: 'someservice' },
    ],
  },
  'convox__rack__pkg__manifest__testdata__invalid.1.yml': { target: 'v2', expect: [{ code: 'invalid-type', text: 'foo' }] },
  'convox__rack__pkg__manifest__testdata__invalid.3.yml': { target: 'v2', expect: [{ code: 'missing-key', text: 'database' }] },
  'convox__rack__pkg__manifest__testdata__invalid.4.yml': { target: 'v2', expect: [{ code: 'invalid-name', text: 'web_with_underscore' }] },
  'convox__rack__pkg__manifest__testdata__invalid-nlb-agent.yml': { target: 'v2', expect: [{ code: 'invalid-nlb', message: /agent mode is incompatible with nlb ports/ }] },
  'convox__rack__pkg__manifest__testdata__invalid-nlb-bad-proto.yml': { target: 'v2', expect: [{ code: 'invalid-value', text: 'udp', message: /protocol must be tcp or tls, got "udp"/ }] },
  'convox__rack__pkg__manifest__testdata__invalid-nlb-bad-scheme.yml': { target: 'v2', expect: [{ code: 'invalid-value', text: 'bogus', message: /scheme must be public or internal/ }] },
  'convox__rack__pkg__manifest__testdata__invalid-nlb-bad-tcpudp.yml': { target: 'v2', expect: [{ code: 'invalid-value', text: 'tcp_udp', message: /protocol must be tcp or tls/ }] },
  'convox__rack__pkg__manifest__testdata__invalid-nlb-dup-port.yml': { target: 'v2', expect: [{ code: 'invalid-nlb', message: /duplicate nlb port 8443/ }] },
  'convox__rack__pkg__manifest__testdata__invalid-nlb-port-zero.yml': { target: 'v2', expect: [{ code: 'invalid-value', text: '0', message: /nlb port 0 out of range/ }] },
  'convox__rack__pkg__manifest__testdata__invalid-nlb-tls-no-cert.yml': { target: 'v2', expect: [{ code: 'invalid-nlb', message: /protocol tls requires a certificate/ }] },
  'convox__rack__pkg__manifest__testdata__invalid-nlb-tls-validator-order.yml': { target: 'v2', expect: [{ code: 'invalid-value', text: 'udp', message: /protocol must be tcp or tls/ }] },
  'convox__rack__pkg__manifest__nlb_test.go__TestManifestValidateNLBAllowCIDRDuplicate.yml': { target: 'v2', expect: [{ code: 'invalid-nlb', message: /allow_cidr contains duplicate entry: 10\.0\.0\.0\/24/ }] },
  'convox__rack__pkg__manifest__nlb_test.go__TestManifestValidateNLBAllowCIDRInvalidOctet.yml': { target: 'v2', expect: [{ code: 'invalid-value', text: '"256.0.0.0/8"', message: /is not a valid IPv4 CIDR/ }] },
  'convox__rack__pkg__manifest__nlb_test.go__TestManifestValidateNLBAllowCIDRMalformed.yml': { target: 'v2', expect: [{ code: 'invalid-value', text: '"not-a-cidr"', message: /is not a valid IPv4 CIDR/ }] },
  'convox__rack__pkg__manifest__nlb_test.go__TestManifestValidateNLBAllowCIDRNonCanonical.yml': { target: 'v2', expect: [{ code: 'invalid-nlb', message: /is not canonical; use "10\.0\.0\.0\/24"/ }] },
  // Gen1 (docker-compose + convox.* labels) manifests that v2 racks reject.
  'convox__rack__pkg__manifest1__fixtures__bad-v2.yml': { target: 'v2', expect: [{ code: 'gen1-ports' }] },
  'convox__rack__pkg__manifest1__fixtures__badport1.yml': { target: 'v2', expect: [{ code: 'gen1-ports', message: /invalid portmapping 534a/ }] },
  'convox__rack__pkg__manifest1__fixtures__badport3.yml': { target: 'v2', expect: [{ code: 'gen1-ports', message: /invalid portmapping 5000:534c/ }] },
  'convox__rack__pkg__manifest1__fixtures__badport4.yml': { target: 'v2', expect: [{ code: 'gen1-ports', message: /invalid portmapping 5000:9000:1000/ }] },
  'convox__rack__pkg__manifest1__fixtures__underscore_service.yml': { target: 'v2', expect: [{ code: 'gen1-service-name', text: 'web_api', message: /cannot contain an underscore: web_api/ }] },
  'convox__rack__pkg__manifest1__fixtures__invalid-health-timeout.yml': { target: 'v2', expect: [{ code: 'gen1-labels', message: /convox\.health\.timeout/ }] },
  'convox__rack__pkg__manifest1__fixtures__draining-timeout-error.yml': { target: 'v2', expect: [{ code: 'gen1-labels', message: /convox\.draining\.timeout/ }] },
  'convox__rack__pkg__manifest1__fixtures__marshal.yml': { target: 'v2', expect: [{ code: 'yaml-syntax', text: 'ports' }] },
};

describe('manifests Convox rejects are flagged at the right place', () => {
  test('every file of convox-invalid/ has an expectation', () => {
    assert.deepEqual(readdirSync(path.join(CORPUS, 'convox-invalid')).sort(), Object.keys(INVALID).sort());
  });
  for (const [file, { target, expect, warningOnly }] of Object.entries(INVALID)) {
    test(file, () => {
      const findings = lint(`convox-invalid/${file}`, target);
      for (const expected of expect) {
        const match = findings.find(
          (f) => f.code === expected.code && (expected.text === undefined || f.text === expected.text) && (!expected.message || expected.message.test(f.message)),
        );
        assert.ok(match, `expected ${JSON.stringify({ ...expected, message: expected.message?.source })}; got ${JSON.stringify(findings, null, 1)}`);
      }
      if (warningOnly) assert.ok(findings.every((f) => f.severity !== DiagnosticSeverity.Error), 'Convox loads this file: warnings only');
      else assert.ok(findings.some((f) => f.severity === DiagnosticSeverity.Error), 'Convox rejects this file: at least one error');
    });
  }
});

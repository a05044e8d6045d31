import { describe, expect, it } from 'vitest';
import { stageSchema } from '../../src/config.ts';
import {
  APPROVAL_NOT_REQUIRED,
  checkDeployable,
  countedApprovers,
  decideApprove,
  decideExpire,
  decideReject,
  effectiveStatus,
  newApprovalRequest,
  REJECT_REASON_MAX,
  type ApprovalRequest,
  type ClickInput,
} from '../../src/domain/approval.ts';
import { buildDeployPlan } from '../../src/domain/deploy-plan.ts';
import type { ModelPackageView } from '../../src/domain/deployment.ts';

const T0 = Date.parse('2026-03-01T09:00:00Z');
const HOUR = 3_600_000;
const ARN = 'arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/7';
const DIGEST = 'sha256:' + 'a'.repeat(64);
const MODEL_URL = 's3://acme-ml/churn/models/job-7/output/model.tar.gz';
const prodStage = stageSchema.parse({
  endpoint: '{group}-prod',
  instanceType: 'ml.m5.xlarge',
  instanceCount: 2,
  approval: { approvers: 'approver', minApprovals: 1, expiresIn: '4h' },
  blueGreen: { canary: '10%', bake: '10m', rollbackAlarms: ['{endpoint}-5xx'] },
});

function pkg(overrides: Partial<ModelPackageView> = {}): ModelPackageView {
  return {
    arn: ARN,
    group: 'churn',
    version: 7,
    approvalStatus: 'PendingManualApproval',
    createdAt: T0 - HOUR,
    image: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1',
    imageDigest: DIGEST,
    modelDataUrl: MODEL_URL,
    metrics: { 'validation:auc': 0.91 },
    ...overrides,
  };
}

/** A pending request by U0BOB for churn v7 to prod, its message posted at C0APPROVALS / 1000.1. */
function request(overrides: Partial<ApprovalRequest> = {}): ApprovalRequest {
  const plan = buildDeployPlan({ requestId: 'deploy-aaaaaaaaaaaaaaaaaaaa', group: 'churn', version: 7, packageArn: ARN, stageName: 'prod', stage: prodStage });
  const base = newApprovalRequest({ id: plan.requestId, plan, pkg: pkg(), stage: prodStage, requester: 'U0BOB', channel: 'C0APPROVALS', now: T0 });
  return { ...base, messageTs: '1000.1', ...overrides };
}

function click(user: string, overrides: Partial<ClickInput> = {}): ClickInput {
  return { user, isApprover: true, now: T0 + HOUR, channel: 'C0APPROVALS', messageTs: '1000.1', ...overrides };
}

/** Deep-freezes a value so any mutation by the code under test throws. */
function frozen<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) frozen(inner);
    Object.freeze(value);
  }
  return value;
}

/** A request approved by `approvers` at T0 + 1h. */
function approved(approvers: string[], overrides: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return request({ status: 'approved', decidedAt: T0 + HOUR, approvals: approvers.map((user) => ({ user, at: T0 + HOUR })), ...overrides });
}

describe('newApprovalRequest', () => {
  it('pins the package ARN, image digest and model data URL and takes the rules from the stage', () => {
    const req = request();
    expect(req).toMatchObject({
      packageArn: ARN,
      imageDigest: DIGEST,
      modelDataUrl: MODEL_URL,
      status: 'pending',
      minApprovals: 1,
      approverRole: 'approver',
      expiresAt: T0 + 4 * HOUR,
      endpoint: 'churn-prod',
      candidateMetrics: { 'validation:auc': 0.91 },
    });
  });

  it('refuses a stage that needs no approval', () => {
    const staging = stageSchema.parse({ endpoint: '{group}-staging', instanceType: 'ml.m5.large' });
    const plan = buildDeployPlan({ requestId: 'r', group: 'churn', version: 7, packageArn: ARN, stageName: 'staging', stage: staging });
    expect(() => newApprovalRequest({ id: 'r', plan, pkg: pkg(), stage: staging, requester: 'U0BOB', channel: 'C0APPROVALS', now: T0 })).toThrow(RangeError);
  });
});

describe('effectiveStatus', () => {
  it('is expired for a pending request past its expiry, and pending up to the expiry itself', () => {
    expect(effectiveStatus(request(), T0 + 4 * HOUR)).toBe('pending');
    expect(effectiveStatus(request(), T0 + 4 * HOUR + 1)).toBe('expired');
  });

  it('leaves a decided request as it was decided', () => {
    expect(effectiveStatus(approved(['U0ALICE']), T0 + 100 * HOUR)).toBe('approved');
  });
});

describe('decideApprove', () => {
  describe('when an approver other than the requester approves', () => {
    it('approves a one-approval request and records who and when', () => {
      const decision = decideApprove(frozen(request()), click('U0ALICE'));
      expect(decision).toMatchObject({ ok: true, complete: true, request: { status: 'approved', decidedAt: T0 + HOUR, approvals: [{ user: 'U0ALICE', at: T0 + HOUR }] } });
    });

    it('leaves the input request unchanged', () => {
      const req = request();
      decideApprove(req, click('U0ALICE'));
      expect(req.status).toBe('pending');
      expect(req.approvals).toEqual([]);
    });
  });

  describe('when the requester clicks Approve', () => {
    it('refuses, even when the requester is an admin', () => {
      const decision = decideApprove(request(), click('U0BOB', { isApprover: true }));
      expect(decision).toMatchObject({ ok: false, reason: 'self-approval' });
    });
  });

  describe('when someone without the approver role clicks', () => {
    it('refuses and names the role', () => {
      const decision = decideApprove(request(), click('U0CAROL', { isApprover: false }));
      expect(decision.ok).toBe(false);
      if (!decision.ok) {
        expect(decision.reason).toBe('not-approver');
        expect(decision.message).toContain('approver');
      }
    });
  });

  describe('when two approvals are needed', () => {
    const twoNeeded = request({ minApprovals: 2 });

    it('counts the first but does not approve yet', () => {
      const decision = decideApprove(twoNeeded, click('U0ALICE'));
      expect(decision).toMatchObject({ ok: true, complete: false, request: { status: 'pending' } });
    });

    it('does not count a second click by the same person, and says so kindly', () => {
      const first = decideApprove(twoNeeded, click('U0ALICE'));
      if (!first.ok) throw new Error('first approval refused');
      const second = decideApprove(first.request, click('U0ALICE', { now: T0 + HOUR + 1 }));
      expect(second).toMatchObject({ ok: false, reason: 'already-approved' });
      if (!second.ok) expect(second.message).toMatch(/already approved.*1 more/);
    });

    it('approves on the second distinct approver', () => {
      const first = decideApprove(twoNeeded, click('U0ALICE'));
      if (!first.ok) throw new Error('first approval refused');
      const second = decideApprove(first.request, click('U0DAVE', { now: T0 + HOUR + 5 }));
      expect(second).toMatchObject({ ok: true, complete: true, request: { status: 'approved', decidedAt: T0 + HOUR + 5 } });
      if (second.ok) expect(countedApprovers(second.request)).toEqual(['U0ALICE', 'U0DAVE']);
    });
  });

  describe('when the request has expired', () => {
    it('refuses a click after the expiry time, even before the store marks it expired', () => {
      const decision = decideApprove(request(), click('U0ALICE', { now: T0 + 4 * HOUR + 1 }));
      expect(decision).toMatchObject({ ok: false, reason: 'expired' });
      if (!decision.ok) expect(decision.message).toContain('/sm deploy churn@7 to prod');
    });

    it('accepts a click at the expiry time itself', () => {
      expect(decideApprove(request(), click('U0ALICE', { now: T0 + 4 * HOUR })).ok).toBe(true);
    });

    it('refuses a request the store already marked expired', () => {
      expect(decideApprove(request({ status: 'expired', decidedAt: T0 + 5 * HOUR }), click('U0ALICE'))).toMatchObject({ ok: false, reason: 'expired' });
    });
  });

  describe('when the click does not come from the request message', () => {
    it('refuses a click from another channel', () => {
      expect(decideApprove(request(), click('U0ALICE', { channel: 'C0OTHER' }))).toMatchObject({ ok: false, reason: 'wrong-message' });
    });

    it('refuses a click from another message in the same channel', () => {
      expect(decideApprove(request(), click('U0ALICE', { messageTs: '2000.2' }))).toMatchObject({ ok: false, reason: 'wrong-message' });
    });

    it('refuses any click before the request message is recorded', () => {
      expect(decideApprove(request({ messageTs: undefined }), click('U0ALICE'))).toMatchObject({ ok: false, reason: 'wrong-message' });
    });
  });

  describe('when the request is already decided', () => {
    it('refuses a click on an approved request, so it cannot deploy twice', () => {
      expect(decideApprove(approved(['U0ALICE']), click('U0DAVE'))).toMatchObject({ ok: false, reason: 'not-pending' });
    });

    it('refuses a click on a rejected request', () => {
      const rejected = request({ status: 'rejected', decidedAt: T0 + 1, rejection: { user: 'U0ALICE', at: T0 + 1, reason: 'no' } });
      expect(decideApprove(rejected, click('U0DAVE'))).toMatchObject({ ok: false, reason: 'not-pending' });
    });
  });
});

describe('decideReject', () => {
  it('rejects with the trimmed reason when an approver gives one', () => {
    const decision = decideReject(frozen(request()), { ...click('U0ALICE'), reason: '  AUC dropped on holdout  ' });
    expect(decision).toMatchObject({ ok: true, withdrawn: false, request: { status: 'rejected', decidedAt: T0 + HOUR, rejection: { user: 'U0ALICE', reason: 'AUC dropped on holdout' } } });
  });

  it('needs a reason', () => {
    expect(decideReject(request(), { ...click('U0ALICE'), reason: '' })).toMatchObject({ ok: false, reason: 'reason-required' });
    expect(decideReject(request(), { ...click('U0ALICE'), reason: ' \n ' })).toMatchObject({ ok: false, reason: 'reason-required' });
  });

  it('accepts a reason of 500 characters and refuses a longer one', () => {
    expect(decideReject(request(), { ...click('U0ALICE'), reason: 'x'.repeat(REJECT_REASON_MAX) }).ok).toBe(true);
    expect(decideReject(request(), { ...click('U0ALICE'), reason: 'x'.repeat(REJECT_REASON_MAX + 1) })).toMatchObject({ ok: false, reason: 'reason-too-long' });
  });

  it('refuses someone who is neither an approver nor the requester', () => {
    expect(decideReject(request(), { ...click('U0CAROL', { isApprover: false }), reason: 'no' })).toMatchObject({ ok: false, reason: 'not-approver' });
  });

  it('lets the requester withdraw their own request, without the approver role', () => {
    const decision = decideReject(request(), { ...click('U0BOB', { isApprover: false }), reason: 'wrong version' });
    expect(decision).toMatchObject({ ok: true, withdrawn: true, request: { status: 'rejected', rejection: { user: 'U0BOB', reason: 'withdrawn by requester: wrong version', withdrawn: true } } });
  });

  it('lets an approver who approved earlier veto a request still waiting for more approvals', () => {
    const req = request({ minApprovals: 2, approvals: [{ user: 'U0ALICE', at: T0 + 1 }] });
    expect(decideReject(req, { ...click('U0ALICE'), reason: 'changed my mind' })).toMatchObject({ ok: true, request: { status: 'rejected' } });
  });

  it('applies the same message, expiry and status checks as approve', () => {
    expect(decideReject(request(), { ...click('U0ALICE', { channel: 'C0OTHER' }), reason: 'no' })).toMatchObject({ ok: false, reason: 'wrong-message' });
    expect(decideReject(request(), { ...click('U0ALICE', { now: T0 + 5 * HOUR }), reason: 'no' })).toMatchObject({ ok: false, reason: 'expired' });
    expect(decideReject(approved(['U0ALICE']), { ...click('U0DAVE'), reason: 'no' })).toMatchObject({ ok: false, reason: 'not-pending' });
  });
});

describe('decideExpire', () => {
  it('expires a pending request past its expiry', () => {
    expect(decideExpire(frozen(request()), T0 + 5 * HOUR)).toEqual({ ok: true, request: expect.objectContaining({ status: 'expired', decidedAt: T0 + 5 * HOUR }) });
  });

  it('leaves a request that is not due yet', () => {
    expect(decideExpire(request(), T0 + HOUR)).toEqual({ ok: false, reason: 'not-due' });
  });

  it('leaves a decided request alone', () => {
    expect(decideExpire(approved(['U0ALICE']), T0 + 5 * HOUR)).toEqual({ ok: false, reason: 'not-pending' });
  });
});

describe('checkDeployable', () => {
  const now = T0 + 2 * HOUR;
  const reasonsOf = (req: Parameters<typeof checkDeployable>[0], view = pkg()): string[] => {
    const check = checkDeployable(req, { now, pkg: view });
    return check.ok ? [] : check.reasons;
  };

  it('allows an approved, unexpired request whose package is unchanged', () => {
    expect(checkDeployable(approved(['U0ALICE']), { now, pkg: pkg() })).toEqual({ ok: true });
  });

  it('allows a deploy long after the expiry when the approval came in time', () => {
    expect(checkDeployable(approved(['U0ALICE']), { now: T0 + 50 * HOUR, pkg: pkg() })).toEqual({ ok: true });
  });

  it('refuses when there is no request for a stage that needs one', () => {
    expect(reasonsOf(undefined)).toEqual([expect.stringContaining('needs an approved request')]);
  });

  it('refuses a pending, rejected or expired request', () => {
    expect(reasonsOf(request())).toContainEqual(expect.stringContaining('pending, not approved'));
    expect(reasonsOf(request({ status: 'rejected', decidedAt: T0 }))).toContainEqual(expect.stringContaining('rejected, not approved'));
    expect(reasonsOf(request({ status: 'expired', decidedAt: T0 + 5 * HOUR }))).toContainEqual(expect.stringContaining('expired, not approved'));
  });

  it('refuses a request approved after it expired', () => {
    const late = approved(['U0ALICE'], { decidedAt: T0 + 5 * HOUR, approvals: [{ user: 'U0ALICE', at: T0 + 5 * HOUR }] });
    const reasons = reasonsOf(late);
    expect(reasons).toContainEqual(expect.stringContaining('approved after it expired'));
    expect(reasons).toContainEqual(expect.stringContaining('0 valid approvals of the 1 needed'));
  });

  it('refuses too few distinct approvals', () => {
    const reasons = reasonsOf(approved(['U0ALICE', 'U0ALICE'], { minApprovals: 2 }));
    expect(reasons).toEqual([expect.stringContaining('1 valid approval of the 2 needed')]);
  });

  it('refuses when the requester is among the approvers, even if enough others approved', () => {
    const reasons = reasonsOf(approved(['U0ALICE', 'U0BOB']));
    expect(reasons).toEqual(['the requester is among the approvers']);
  });

  it('refuses when the package ARN changed', () => {
    expect(reasonsOf(approved(['U0ALICE']), pkg({ arn: `${ARN}0` }))).toEqual([expect.stringContaining('model package is now')]);
  });

  it('refuses when the image digest changed or vanished', () => {
    expect(reasonsOf(approved(['U0ALICE']), pkg({ imageDigest: 'sha256:' + 'b'.repeat(64) }))).toEqual([expect.stringContaining('image digest changed after approval')]);
    expect(reasonsOf(approved(['U0ALICE']), pkg({ imageDigest: undefined }))).toEqual([expect.stringContaining('→ none')]);
  });

  it('compares the image itself when no digest was pinned', () => {
    const noDigest = approved(['U0ALICE'], { imageDigest: undefined });
    expect(reasonsOf(noDigest, pkg({ imageDigest: undefined }))).toEqual([]);
    expect(reasonsOf(noDigest, pkg({ imageDigest: undefined, image: 'evil:latest' }))).toEqual([expect.stringContaining('image changed after approval')]);
  });

  it('refuses when the model data URL changed', () => {
    expect(reasonsOf(approved(['U0ALICE']), pkg({ modelDataUrl: 's3://other/model.tar.gz' }))).toEqual([
      `the model data URL changed after approval: ${MODEL_URL} → s3://other/model.tar.gz`,
    ]);
  });

  it('refuses when the registry status was set to Rejected meanwhile', () => {
    expect(reasonsOf(approved(['U0ALICE']), pkg({ approvalStatus: 'Rejected', approvalDescription: 'leaks PII' }))).toEqual([expect.stringContaining('Rejected (leaks PII)')]);
  });

  it('refuses a plan that does not match the approved request', () => {
    const req = approved(['U0ALICE']);
    expect(reasonsOf({ ...req, plan: { ...req.plan, endpoint: 'other-prod' } })).toEqual(['the deploy plan does not match the approved request']);
  });

  it('lists every reason at once', () => {
    expect(reasonsOf(request(), pkg({ modelDataUrl: 's3://x/y', approvalStatus: 'Rejected' }))).toHaveLength(4);
  });

  describe('for a stage that needs no approval', () => {
    it('allows the deploy', () => {
      expect(checkDeployable(APPROVAL_NOT_REQUIRED, { now, pkg: pkg() })).toEqual({ ok: true });
    });

    it('still refuses a package the registry marks Rejected', () => {
      expect(checkDeployable(APPROVAL_NOT_REQUIRED, { now, pkg: pkg({ approvalStatus: 'Rejected' }) }).ok).toBe(false);
    });
  });
});

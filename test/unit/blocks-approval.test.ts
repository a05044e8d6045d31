import { describe, expect, it } from 'vitest';
import { stageSchema } from '../../src/config.ts';
import { decideApprove, decideReject, newApprovalRequest, REJECT_REASON_MAX, type ApprovalRequest } from '../../src/domain/approval.ts';
import { buildDeployPlan } from '../../src/domain/deploy-plan.ts';
import type { ModelPackageView } from '../../src/domain/deployment.ts';
import {
  APPROVE_ACTION_ID,
  APPROVE_CONFIRM_CALLBACK_ID,
  approvalCountedReply,
  approvalRefusedReply,
  approvalRequestMessage,
  approveConfirmModal,
  metricsComparison,
  parseModalMetadata,
  REASON_ACTION_ID,
  REASON_BLOCK_ID,
  REJECT_ACTION_ID,
  REJECT_REASON_CALLBACK_ID,
  rejectReasonModal,
} from '../../src/slack/blocks/approval.ts';
import { approvalRequestedReply, approvalsList, deployQueuedReply, deployThreadLine, endpointsList, modelsList, rollbackQueuedReply, type ModelPackageRow } from '../../src/slack/blocks/deploy.ts';
import { SLACK_LIMITS } from '../../src/slack/blocks/fit.ts';
import type { ActionsBlock, Block, InputBlock, ModalView, SlackMessage } from '../../src/slack/blocks/types.ts';

const T0 = Date.parse('2026-03-01T09:00:00Z');
const HOUR = 3_600_000;
const ARN = 'arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/7';
const EVIL = 'boom <!channel> <@U123> <!here> <http://evil.example|click> a & b';
const HUGE = `${EVIL} ${'z'.repeat(60_000)}`;
const prod = stageSchema.parse({
  endpoint: '{group}-prod',
  instanceType: 'ml.m5.xlarge',
  instanceCount: 2,
  approval: { approvers: 'approver', minApprovals: 2, expiresIn: '4h' },
  blueGreen: { canary: '10%', bake: '10m', rollbackAlarms: ['{endpoint}-5xx'] },
});

function pkg(overrides: Partial<ModelPackageView> = {}): ModelPackageView {
  return {
    arn: ARN,
    group: 'churn',
    version: 7,
    approvalStatus: 'PendingManualApproval',
    createdAt: T0 - HOUR,
    image: 'xgboost:1.7-1',
    imageDigest: `sha256:${'a'.repeat(64)}`,
    modelDataUrl: 's3://acme-ml/churn/model.tar.gz',
    generatedBy: 'arn:aws:sagemaker:us-east-1:123456789012:training-job/churn-xgb-abc123',
    metrics: { 'validation:auc': 0.93, 'validation:f1': 0.8 },
    ...overrides,
  };
}

function request(overrides: Partial<ApprovalRequest> = {}): ApprovalRequest {
  const plan = buildDeployPlan({ requestId: 'deploy-aaaaaaaaaaaaaaaaaaaa', group: 'churn', version: 7, packageArn: ARN, stageName: 'prod', stage: prod });
  const live = { version: 6, configName: 'churn-v6-abc', metrics: { 'validation:auc': 0.91, 'train:auc': 0.95 } };
  const base = newApprovalRequest({ id: plan.requestId, plan, pkg: pkg(), stage: prod, requester: 'U0BOB', channel: 'C0APPROVALS', now: T0, live });
  return { ...base, messageTs: '1000.1', ...overrides };
}

const click = { isApprover: true, now: T0 + HOUR, channel: 'C0APPROVALS', messageTs: '1000.1' };

function actions(message: { blocks: readonly { type: string }[] }): ActionsBlock[] {
  return message.blocks.filter((block): block is ActionsBlock => block.type === 'actions');
}

/** Asserts every Block Kit limit the builders promise, and that no user text became markup. */
function expectWithinLimits(message: SlackMessage): void {
  expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
  for (const block of message.blocks) expectBlockWithinLimits(block);
  expectNoMarkupFromUsers(message);
}

function expectBlockWithinLimits(block: Block): void {
  if (block.type === 'section') {
    if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    for (const field of block.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
    expect((block.fields ?? []).length).toBeLessThanOrEqual(SLACK_LIMITS.sectionFields);
  }
  if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
  if (block.type === 'context') for (const element of block.elements) expect(element.text.length).toBeLessThanOrEqual(SLACK_LIMITS.contextText);
}

function expectNoMarkupFromUsers(value: unknown): void {
  const json = JSON.stringify(value);
  for (const markup of ['<!channel>', '<!here>', '<@U123>', '<http://evil']) expect(json).not.toContain(markup);
}

describe('approvalRequestMessage', () => {
  describe('while the request is pending', () => {
    const message = approvalRequestMessage(request(), T0 + HOUR);
    const json = JSON.stringify(message);

    it('asks the question in the header', () => {
      expect(message.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Deploy churn v7 to prod?', emoji: true } });
    });

    it('shows what will change: live version → candidate, instances, the blue/green plan', () => {
      expect(json).toContain('v6 → *v7*');
      expect(json).toContain('ml.m5.xlarge × 2');
      expect(json).toContain('`churn-prod`');
      expect(json).toContain('Blue/green: 10% of capacity first, bake 10m, then the rest; auto-rollback on `churn-prod-5xx`');
    });

    it('shows the candidate metrics beside the live ones, with the change', () => {
      expect(json).toMatch(/validation:auc\s+0\.91\s+0\.93\s+\+0\.02/);
      expect(json).toMatch(/train:auc\s+0\.95\s+–/);
    });

    it('says who asked, when it expires, and the approvals so far', () => {
      expect(json).toContain('Requested by <@U0BOB>');
      expect(json).toContain(`<!date^${(T0 + 4 * HOUR) / 1000}^`);
      expect(json).toContain('(in 3h)');
      expect(json).toContain('0/2 approvals');
    });

    it('has Approve and Reject buttons whose value is only the request id', () => {
      const [buttons] = actions(message);
      expect(buttons?.elements).toEqual([
        expect.objectContaining({ action_id: APPROVE_ACTION_ID, value: 'deploy-aaaaaaaaaaaaaaaaaaaa', style: 'primary' }),
        expect.objectContaining({ action_id: REJECT_ACTION_ID, value: 'deploy-aaaaaaaaaaaaaaaaaaaa', style: 'danger' }),
      ]);
    });

    it('names the approvers so far', () => {
      const first = decideApprove(request(), { ...click, user: 'U0ALICE' });
      if (!first.ok) throw new Error('refused');
      expect(JSON.stringify(approvalRequestMessage(first.request, T0 + HOUR))).toContain('1/2 approvals (<@U0ALICE>)');
    });

    it('says "all at once" for a stage without blue/green, and "new endpoint" when nothing is live', () => {
      const req = request({ live: undefined });
      const plain = approvalRequestMessage({ ...req, plan: { ...req.plan, blueGreen: undefined } }, T0);
      expect(JSON.stringify(plain)).toContain('All at once');
      expect(JSON.stringify(plain)).toContain('*v7* (new endpoint)');
    });
  });

  describe('once approved', () => {
    const req = request({ status: 'approved', decidedAt: T0 + HOUR, approvals: [{ user: 'U0ALICE', at: T0 }, { user: 'U0DAVE', at: T0 + HOUR }] });
    const message = approvalRequestMessage(req, T0 + HOUR);

    it('removes the buttons and says who approved', () => {
      expect(actions(message)).toEqual([]);
      expect(JSON.stringify(message)).toContain('*Approved* by <@U0ALICE>, <@U0DAVE>');
      expect(message.text).toBe('Deploy churn v7 to prod: approved');
    });
  });

  describe('once rejected', () => {
    it('removes the buttons and shows who rejected and why, escaped', () => {
      const decision = decideReject(request(), { ...click, user: 'U0ALICE', reason: EVIL });
      if (!decision.ok) throw new Error('refused');
      const message = approvalRequestMessage(decision.request, T0 + HOUR);
      expect(actions(message)).toEqual([]);
      const json = JSON.stringify(message);
      expect(json).toContain('*Rejected* by <@U0ALICE>');
      expect(json).toContain('&lt;!channel&gt;');
      expectWithinLimits(message);
    });

    it('says "withdrawn" when the requester rejected their own request', () => {
      const decision = decideReject(request(), { ...click, user: 'U0BOB', reason: 'wrong one' });
      if (!decision.ok) throw new Error('refused');
      expect(JSON.stringify(approvalRequestMessage(decision.request, T0 + HOUR))).toContain('*Withdrawn* by <@U0BOB>');
    });
  });

  describe('once expired', () => {
    it('removes the buttons and says so, even before the store marks it expired', () => {
      const message = approvalRequestMessage(request(), T0 + 5 * HOUR);
      expect(actions(message)).toEqual([]);
      expect(JSON.stringify(message)).toContain('*Expired*');
      expect(JSON.stringify(message)).toContain('/sm deploy churn@7 to prod');
    });
  });

  it('stays within Slack limits with huge inputs and escapes them', () => {
    const metrics = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`${EVIL}-${i}-${'m'.repeat(200)}`, i / 7]));
    const req = request({
      group: 'g'.repeat(63),
      stage: 's'.repeat(32),
      endpoint: 'e'.repeat(63),
      packageArn: HUGE,
      imageDigest: HUGE,
      candidateMetrics: metrics,
      live: { version: 6, metrics },
      approvals: Array.from({ length: 300 }, (_, i) => ({ user: `U${i}X`, at: T0 })),
      minApprovals: 500,
    });
    const message = approvalRequestMessage({ ...req, plan: { ...req.plan, instanceType: HUGE, blueGreen: { canary: 0.1, bakeMs: 1, rollbackAlarms: Array(100).fill(HUGE) } } }, T0);
    expectWithinLimits(message);
    expect(JSON.stringify(message)).toContain('more');
  });
});

describe('metricsComparison', () => {
  it('is undefined when neither side has metrics', () => {
    expect(metricsComparison({}, undefined)).toBeUndefined();
  });

  it('shows a metric missing on one side as a dash, without a change', () => {
    expect(metricsComparison({ auc: 0.9 })).toMatch(/auc\s+–\s+0\.9\n?/);
  });
});

describe('the approve confirmation modal', () => {
  const modal = approveConfirmModal(request(), { channel: 'C0APPROVALS', messageTs: '1000.1' });

  it('confirms before the approval counts, with the request and the click origin in private_metadata', () => {
    expect(modal.callback_id).toBe(APPROVE_CONFIRM_CALLBACK_ID);
    expect(modal.submit?.text).toBe('Approve and deploy');
    expect(parseModalMetadata(modal.private_metadata)).toEqual({ requestId: 'deploy-aaaaaaaaaaaaaaaaaaaa', channel: 'C0APPROVALS', messageTs: '1000.1' });
  });

  it('summarises what will deploy', () => {
    const json = JSON.stringify(modal);
    expect(json).toContain('churn v7');
    expect(json).toContain('ml.m5.xlarge × 2');
    expect(json).toContain('More approvals are needed');
  });

  it('carries the click origin it was given, so a click from elsewhere is refused on submit', () => {
    expect(parseModalMetadata(approveConfirmModal(request(), { channel: 'C0ELSE', messageTs: '5.5' }).private_metadata)?.channel).toBe('C0ELSE');
  });

  it('keeps titles within 24 characters and the summary within limits for huge inputs', () => {
    const huge = approveConfirmModal(request({ group: HUGE, candidateMetrics: { [HUGE]: 1 } }));
    expectModalWithinLimits(huge);
  });
});

function expectModalWithinLimits(modal: ModalView): void {
  expect(modal.title.text.length).toBeLessThanOrEqual(24);
  expect(modal.submit?.text.length ?? 0).toBeLessThanOrEqual(24);
  expect(modal.close?.text.length ?? 0).toBeLessThanOrEqual(24);
  expect(modal.private_metadata?.length ?? 0).toBeLessThanOrEqual(3_000);
  expect(modal.blocks.length).toBeLessThanOrEqual(100);
  for (const block of modal.blocks) if (block.type !== 'input') expectBlockWithinLimits(block);
  expectNoMarkupFromUsers(modal);
}

describe('the reject reason modal', () => {
  const modal = rejectReasonModal(request());

  it('requires a reason of at most 500 characters in block and action `reason`', () => {
    expect(modal.callback_id).toBe(REJECT_REASON_CALLBACK_ID);
    const input = modal.blocks.find((block): block is InputBlock => block.type === 'input');
    expect(input).toMatchObject({ block_id: REASON_BLOCK_ID, element: { type: 'plain_text_input', action_id: REASON_ACTION_ID, max_length: REJECT_REASON_MAX } });
    expect(input?.optional).not.toBe(true);
  });

  it('defaults the click origin to the request message', () => {
    expect(parseModalMetadata(modal.private_metadata)).toEqual({ requestId: 'deploy-aaaaaaaaaaaaaaaaaaaa', channel: 'C0APPROVALS', messageTs: '1000.1' });
  });

  it('stays within limits for huge inputs', () => {
    expectModalWithinLimits(rejectReasonModal(request({ stage: HUGE, requester: HUGE })));
  });
});

describe('parseModalMetadata', () => {
  it('refuses anything that is not exactly what the modal wrote', () => {
    for (const text of [undefined, '', 'nope', '[]', 'null', '{"requestId":"a b","channel":"C0A","messageTs":"1.1"}', '{"requestId":"a","channel":"#ops","messageTs":"1.1"}', '{"requestId":"a","channel":"C0A","messageTs":"x"}']) {
      expect(parseModalMetadata(text)).toBeUndefined();
    }
  });
});

describe('replies to a click', () => {
  it('explain a refusal, escaped', () => {
    const message = approvalRefusedReply({ reason: 'not-approver', message: `Only approvers ${EVIL}` });
    expect(JSON.stringify(message)).toContain(':no_entry: Only approvers');
    expectWithinLimits(message);
  });

  it('say how many approvals are still missing', () => {
    expect(approvalCountedReply(request({ approvals: [{ user: 'U0ALICE', at: T0 }] })).text).toBe('Your approval of churn v7 to prod is in; 1 more needed.');
  });
});

describe('deployThreadLine', () => {
  const plan = request().plan;

  it('says what deploys where, with the rollout plan', () => {
    const text = JSON.stringify(deployThreadLine({ kind: 'started', plan, approvers: ['U0ALICE'] }));
    expect(text).toContain('`churn-prod`');
    expect(text).toContain('Approved by <@U0ALICE>');
    expect(text).toContain('Blue/green');
  });

  it('reports the model and endpoint config, created or reused after a retry', () => {
    expect(JSON.stringify(deployThreadLine({ kind: 'model-created', modelName: plan.modelName }))).toContain('created');
    expect(JSON.stringify(deployThreadLine({ kind: 'endpoint-config-created', configName: plan.endpointConfigName, existed: true }))).toContain('reusing it');
  });

  it('follows the endpoint through Creating / Updating to InService', () => {
    expect(JSON.stringify(deployThreadLine({ kind: 'endpoint', endpoint: 'churn-prod', status: 'Creating' }))).toContain('*Creating*');
    expect(JSON.stringify(deployThreadLine({ kind: 'endpoint', endpoint: 'churn-prod', status: 'Updating' }))).toContain('*Updating*');
    expect(JSON.stringify(deployThreadLine({ kind: 'endpoint', endpoint: 'churn-prod', status: 'InService', version: 7, elapsedMs: 300_000 }))).toContain('now serves v7 (5m)');
  });

  it('says an endpoint is rolling back, with the failure reason escaped', () => {
    const message = deployThreadLine({ kind: 'endpoint', endpoint: 'churn-prod', status: 'RollingBack', failureReason: `Alarm churn-prod-5xx fired ${EVIL}` });
    expect(JSON.stringify(message)).toContain('*Rolling back* `churn-prod`: Alarm churn-prod-5xx fired');
    expectWithinLimits(message);
    expect(JSON.stringify(deployThreadLine({ kind: 'endpoint', endpoint: 'churn-prod', status: 'InService', rolledBack: true, failureReason: 'alarm' }))).toContain('*Rolled back*');
  });

  it('lists every reason an aborted deploy stopped, escaped and within limits', () => {
    const message = deployThreadLine({ kind: 'aborted', reasons: ['the model data URL changed after approval: a → b', ...Array(100).fill(HUGE)] });
    expect(JSON.stringify(message)).toContain('*Deploy aborted*');
    expect(JSON.stringify(message)).toContain('the model data URL changed after approval: a → b');
    expectWithinLimits(message);
  });

  it('reports the registry update naming the Slack approvers', () => {
    expect(JSON.stringify(deployThreadLine({ kind: 'registry-updated', version: 7, status: 'Approved', approvers: ['U0ALICE'] }))).toContain('v7 marked *Approved* (approved in Slack by <@U0ALICE>)');
  });
});

describe('modelsList', () => {
  const packages: ModelPackageRow[] = [
    { ...pkg({ version: 6, approvalStatus: 'Approved', createdAt: T0 - 48 * HOUR }) },
    { ...pkg() },
    { arn: `${ARN}8`, group: 'churn', version: 8, approvalStatus: 'Rejected', createdAt: T0 - 1 },
  ];
  const message = modelsList('churn', packages, { prod: { endpoint: 'churn-prod', version: 6, status: 'InService' }, staging: { endpoint: 'churn-staging', version: 7 }, dev: { endpoint: 'churn-dev' } }, T0);
  const json = JSON.stringify(message);

  it('lists versions newest first with status, creation, training job and metrics', () => {
    expect(json.indexOf('*v8*')).toBeLessThan(json.indexOf('*v7*'));
    expect(json.indexOf('*v7*')).toBeLessThan(json.indexOf('*v6*'));
    expect(json).toContain('from `churn-xgb-abc123`');
    expect(json).toContain('validation:auc 0.93');
    expect(json).toContain(':no_entry: Rejected');
    expect(json).toContain('(2d ago)');
  });

  it('says which version is live on which stage', () => {
    expect(json).toContain('*prod* v6 (`churn-prod`, InService)');
    expect(json).toContain('*dev*: not deployed');
    expect(json).toMatch(/\*v7\*[^\n]*live on \*staging\*/);
  });

  it('stays within limits for a huge group', () => {
    const many = Array.from({ length: 1_000 }, (_, i) => ({ ...pkg({ version: i + 1, metrics: { [EVIL]: 1 }, generatedBy: HUGE }) }));
    expectWithinLimits(modelsList('churn', many, {}, T0));
  });

  it('says when the group has no versions', () => {
    expect(modelsList('churn', [], {}, T0).text).toContain('No versions');
  });
});

describe('endpointsList', () => {
  it('shows status, live version, instances and the last deployer', () => {
    const json = JSON.stringify(
      endpointsList([{ name: 'churn-prod', status: 'InService', stage: 'prod', group: 'churn', liveVersion: 6, instanceType: 'ml.m5.xlarge', desiredInstances: 2, currentInstances: 2, lastDeployedBy: 'U0ALICE', lastDeployedAt: T0 }]),
    );
    expect(json).toContain('`churn-prod` · InService · *prod* · `churn` v6 · ml.m5.xlarge × 2 · last deployed by <@U0ALICE>');
  });

  it('stays within limits and escapes AWS text', () => {
    const rows = Array.from({ length: 500 }, (_, i) => ({ name: `ep-${i}`, status: 'Failed' as const, failureReason: HUGE, lastDeployedBy: EVIL }));
    expectWithinLimits(endpointsList(rows));
  });

  it('says when there are none', () => {
    expect(endpointsList([]).text).toBe('No endpoints yet.');
  });
});

describe('approvalsList', () => {
  it('lists pending requests, soonest to expire first, and leaves out expired and decided ones', () => {
    const soon = request({ id: 'deploy-soon', expiresAt: T0 + 2 * HOUR, approvals: [{ user: 'U0ALICE', at: T0 }] });
    const later = request({ id: 'deploy-later', group: 'fraud' });
    const expired = request({ group: 'old', expiresAt: T0 - 1 });
    const done = request({ group: 'done', status: 'approved' });
    const json = JSON.stringify(approvalsList([later, expired, soon, done], T0 + HOUR));
    expect(json.indexOf('churn v7')).toBeLessThan(json.indexOf('fraud v7'));
    expect(json).not.toContain('old v7');
    expect(json).not.toContain('done v7');
    expect(json).toContain('1/2 approvals (<@U0ALICE>)');
    expect(json).toContain('expires in 1h');
  });

  it('says when nothing is waiting', () => {
    expect(approvalsList([], T0).text).toBe('No deploy requests are waiting for approval.');
  });
});

describe('replies to /sm deploy', () => {
  it('acks a deploy that runs at once, and one that needs approval', () => {
    expect(JSON.stringify(deployQueuedReply({ group: 'churn', version: 7, stage: 'staging' }, { needsApproval: false, channel: 'C0OPS' }))).toContain('Deploying `churn v7` to *staging*. I\'ll post progress in <#C0OPS>.');
    expect(JSON.stringify(deployQueuedReply({ group: 'churn', stage: 'prod' }, { needsApproval: true }))).toContain('needs approval');
  });

  it('links the posted approval request, only when the link is a plain https URL', () => {
    expect(JSON.stringify(approvalRequestedReply(request(), 'https://acme.slack.com/archives/C0APPROVALS/p1000'))).toContain('<https://acme.slack.com/archives/C0APPROVALS/p1000|the approval request>');
    const tampered = JSON.stringify(approvalRequestedReply(request(), 'https://x|<!channel>'));
    expect(tampered).toContain('the approval request in <#C0APPROVALS>');
    expect(tampered).not.toContain('<!channel>');
  });

  it('acks a rollback', () => {
    expect(rollbackQueuedReply('churn-prod').text).toContain('previous approved config');
  });
});

import { AwsServiceError, toEpochSeconds, type JsonObject } from '../protocol.ts';
import type { OperationContext } from '../registry.ts';
import { Violations } from '../validation.ts';
import { imageDigest, readTags, resourceArn } from './resources.ts';
import type { Tag } from './training-jobs.ts';
import { NAME_PATTERN } from './validate-training-job.ts';

export const APPROVAL_STATUSES = ['Approved', 'Rejected', 'PendingManualApproval'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** DescribeModelPackage's ModelPackageName: a name, `<group>/<version>`, or an ARN of either. */
const PACKAGE_NAME = /^(arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:[a-z-]*\/)?([a-zA-Z0-9]([a-zA-Z0-9-]){0,62})(?<!-)(\/[0-9]{1,5})?$/;
const PACKAGE_ARN = /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:model-package\/.*$/;

export interface ModelPackageGroupRecord {
  name: string;
  arn: string;
  description?: string;
  createdAt: number;
  tags: Tag[];
  /** Versions handed out so far; the next is this plus one. */
  versions: number;
}

/** A versioned model package: the request as received, plus what UpdateModelPackage changed. */
export interface ModelPackageRecord {
  arn: string;
  group: string;
  version: number;
  createdAt: number;
  /** The CreateModelPackage request, without its tags, image digests filled in. */
  request: JsonObject;
  tags: Tag[];
  approvalStatus: ApprovalStatus;
  approvalDescription?: string;
  customerMetadata: Record<string, string>;
  lastModifiedAt?: number;
}

/** The model registry of the emulated account: package groups and their versions. */
export class ModelPackages {
  private readonly groups = new Map<string, ModelPackageGroupRecord>();
  private readonly packages = new Map<string, ModelPackageRecord>();

  get groupRecords(): ModelPackageGroupRecord[] {
    return [...this.groups.values()];
  }

  get records(): ModelPackageRecord[] {
    return [...this.packages.values()];
  }

  group(nameOrArn: string): ModelPackageGroupRecord | undefined {
    const name = nameOrArn.startsWith('arn:') ? nameOrArn.slice(nameOrArn.lastIndexOf('/') + 1) : nameOrArn;
    return this.groups.get(name.toLowerCase());
  }

  tagsOf(arn: string): Tag[] | undefined {
    return this.packages.get(arn.toLowerCase())?.tags ?? [...this.groups.values()].find((g) => g.arn === arn.toLowerCase())?.tags;
  }

  reset(): void {
    this.groups.clear();
    this.packages.clear();
  }

  createGroup(input: JsonObject, ctx: OperationContext): { ModelPackageGroupArn: string } {
    const v = new Violations();
    v.string('modelPackageGroupName', input['ModelPackageGroupName'], { required: true, pattern: NAME_PATTERN });
    v.string('modelPackageGroupDescription', input['ModelPackageGroupDescription'], { maxLength: 1024 });
    const tags = readTags(v, input['Tags']);
    v.throwIfAny();
    const name = input['ModelPackageGroupName'] as string;
    const arn = resourceArn(ctx, 'model-package-group', name);
    // The wording of this message is the emulator's; the code is what SageMaker answers.
    if (this.groups.has(name.toLowerCase())) throw new AwsServiceError('ValidationException', `Model Package Group already exists: ${arn}`);
    const record: ModelPackageGroupRecord = { name, arn, createdAt: ctx.now, tags, versions: 0 };
    if (typeof input['ModelPackageGroupDescription'] === 'string') record.description = input['ModelPackageGroupDescription'];
    this.groups.set(name.toLowerCase(), record);
    return { ModelPackageGroupArn: arn };
  }

  /** CreateModelPackage of a versioned package (in a group); unversioned packages are not emulated. */
  create(input: JsonObject, ctx: OperationContext): { ModelPackageArn: string } {
    const v = new Violations();
    v.string('modelPackageGroupName', input['ModelPackageGroupName'], { pattern: PACKAGE_NAME });
    v.string('modelPackageDescription', input['ModelPackageDescription'], { maxLength: 1024 });
    v.oneOf('modelApprovalStatus', input['ModelApprovalStatus'], APPROVAL_STATUSES);
    const spec = v.object('inferenceSpecification', input['InferenceSpecification']);
    const containers = spec ? v.array('inferenceSpecification.containers', spec['Containers'], { max: 15 }) : undefined;
    if (spec && (!containers || containers.length === 0)) v.add('inferenceSpecification.containers', null, 'Member must have length greater than or equal to 1');
    containers?.forEach((container, i) => {
      const c = v.object(`inferenceSpecification.containers.${i + 1}.member`, container, { required: true });
      if (c) v.string(`inferenceSpecification.containers.${i + 1}.member.image`, c['Image'], { required: true, maxLength: 255 });
    });
    const metadata = v.object('customerMetadataProperties', input['CustomerMetadataProperties']);
    for (const [key, value] of Object.entries(metadata ?? {})) v.string(`customerMetadataProperties.${key}`, value, { required: true, maxLength: 256 });
    const tags = readTags(v, input['Tags']);
    v.throwIfAny();

    if (input['ModelPackageGroupName'] === undefined) {
      const reason = input['ModelPackageName'] === undefined ? 'Missing ARN.' : 'The emulator only models versioned packages: give ModelPackageGroupName.';
      throw new AwsServiceError('ValidationException', reason);
    }
    const group = this.group(input['ModelPackageGroupName'] as string);
    if (!group) {
      throw new AwsServiceError('ValidationException', `Model Package Group ${String(input['ModelPackageGroupName'])} does not exist.`);
    }
    group.versions += 1;
    const { Tags: _tags, ...request } = input;
    if (spec && containers) {
      // SageMaker records the digest of each image when the package is registered.
      request['InferenceSpecification'] = {
        ...spec,
        Containers: containers.map((c) => {
          const container = c as JsonObject;
          return { ...container, ImageDigest: container['ImageDigest'] ?? imageDigest(String(container['Image'])) };
        }),
      };
    }
    const record: ModelPackageRecord = {
      arn: `${resourceArn(ctx, 'model-package', group.name)}/${group.versions}`,
      group: group.name,
      version: group.versions,
      createdAt: ctx.now,
      request,
      tags,
      approvalStatus: (input['ModelApprovalStatus'] as ApprovalStatus | undefined) ?? 'PendingManualApproval',
      customerMetadata: { ...((metadata ?? {}) as Record<string, string>) },
    };
    this.packages.set(record.arn, record);
    return { ModelPackageArn: record.arn };
  }

  describe(input: JsonObject, ctx: OperationContext): JsonObject {
    return describeModelPackageOutput(this.find(input['ModelPackageName'], 'modelPackageName', PACKAGE_NAME, ctx));
  }

  update(input: JsonObject, ctx: OperationContext): { ModelPackageArn: string } {
    const v = new Violations();
    v.oneOf('modelApprovalStatus', input['ModelApprovalStatus'], APPROVAL_STATUSES);
    v.string('approvalDescription', input['ApprovalDescription'], { maxLength: 1024 });
    const metadata = v.object('customerMetadataProperties', input['CustomerMetadataProperties']);
    const remove = v.array('customerMetadataPropertiesToRemove', input['CustomerMetadataPropertiesToRemove'], { max: 50 });
    const record = this.find(input['ModelPackageArn'], 'modelPackageArn', PACKAGE_ARN, ctx, v);
    if (input['ModelApprovalStatus'] !== undefined) record.approvalStatus = input['ModelApprovalStatus'] as ApprovalStatus;
    if (typeof input['ApprovalDescription'] === 'string') record.approvalDescription = input['ApprovalDescription'];
    for (const [key, value] of Object.entries(metadata ?? {})) record.customerMetadata[key] = String(value);
    for (const key of remove ?? []) delete record.customerMetadata[String(key)];
    record.lastModifiedAt = ctx.now;
    return { ModelPackageArn: record.arn };
  }

  /** A package by ARN or `<group>/<version>`; validation problems are reported with `v`'s. */
  private find(value: JsonObject[string] | undefined, path: string, pattern: RegExp, ctx: OperationContext, v = new Violations()): ModelPackageRecord {
    v.string(path, value, { required: true, pattern, maxLength: 2048 });
    v.throwIfAny();
    const name = value as string;
    let record = this.packages.get(name.toLowerCase());
    const versioned = /^([^/:]+)\/(\d+)$/.exec(name);
    if (!record && versioned) {
      const group = this.group(versioned[1] ?? '');
      record = group ? this.records.find((p) => p.group === group.name && p.version === Number(versioned[2])) : undefined;
    }
    if (!record) {
      const arn = name.startsWith('arn:') ? name : resourceArn(ctx, 'model-package', name);
      throw new AwsServiceError('ValidationException', `ModelPackage ${arn} does not exist.`);
    }
    return record;
  }
}

/** ListModelPackages' summary of a package. */
export function modelPackageSummary(record: ModelPackageRecord): JsonObject {
  const summary: JsonObject = {
    ModelPackageName: record.group,
    ModelPackageGroupName: record.group,
    ModelPackageVersion: record.version,
    ModelPackageArn: record.arn,
    CreationTime: toEpochSeconds(record.createdAt),
    ModelPackageStatus: 'Completed',
    ModelApprovalStatus: record.approvalStatus,
  };
  if (record.request['ModelPackageDescription'] !== undefined) summary['ModelPackageDescription'] = record.request['ModelPackageDescription'];
  return summary;
}

/** DescribeModelPackage's output; timestamps are epoch seconds. */
export function describeModelPackageOutput(record: ModelPackageRecord): JsonObject {
  const out: JsonObject = {
    ...modelPackageSummary(record),
    ModelPackageStatusDetails: { ValidationStatuses: [], ImageScanStatuses: [] },
    CertifyForMarketplace: false,
  };
  for (const key of ['InferenceSpecification', 'MetadataProperties', 'ModelMetrics', 'Domain', 'Task', 'SamplePayloadUrl'] as const) {
    const value = record.request[key];
    if (value !== undefined) out[key] = value;
  }
  if (Object.keys(record.customerMetadata).length > 0) out['CustomerMetadataProperties'] = { ...record.customerMetadata };
  if (record.approvalDescription !== undefined) out['ApprovalDescription'] = record.approvalDescription;
  if (record.lastModifiedAt !== undefined) out['LastModifiedTime'] = toEpochSeconds(record.lastModifiedAt);
  return out;
}

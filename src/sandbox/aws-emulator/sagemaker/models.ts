import { AwsServiceError, toEpochSeconds, type JsonObject } from '../protocol.ts';
import type { OperationContext } from '../registry.ts';
import { Violations } from '../validation.ts';
import { present, readTags, resourceArn } from './resources.ts';
import type { Tag } from './training-jobs.ts';
import { NAME_PATTERN } from './validate-training-job.ts';

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;

/** A model as the emulator stores it: the CreateModel request as received. */
export interface ModelRecord {
  name: string;
  arn: string;
  createdAt: number;
  request: JsonObject;
  tags: Tag[];
}

/** The models of the emulated account (CreateModel, DescribeModel, DeleteModel). */
export class Models {
  private readonly models = new Map<string, ModelRecord>();

  get records(): ModelRecord[] {
    return [...this.models.values()];
  }

  get(name: string): ModelRecord | undefined {
    return this.models.get(name.toLowerCase());
  }

  /** The image a model serves (its primary container's, else its first container's). */
  imageOf(name: string): string | undefined {
    const request = this.get(name)?.request;
    const container = (request?.['PrimaryContainer'] ?? (request?.['Containers'] as JsonObject[] | undefined)?.[0]) as JsonObject | undefined;
    return typeof container?.['Image'] === 'string' ? container['Image'] : undefined;
  }

  reset(): void {
    this.models.clear();
  }

  create(input: JsonObject, ctx: OperationContext): { ModelArn: string } {
    const v = new Violations();
    v.string('modelName', input['ModelName'], { required: true, pattern: NAME_PATTERN });
    v.string('executionRoleArn', input['ExecutionRoleArn'], { pattern: ROLE_ARN, maxLength: 2048 });
    const primary = v.object('primaryContainer', input['PrimaryContainer']);
    const containers = v.array('containers', input['Containers'], { max: 15 });
    if (!primary && !containers) v.add('primaryContainer', null, 'Member must not be null');
    if (primary) {
      v.string('primaryContainer.image', primary['Image'], { maxLength: 255 });
      v.string('primaryContainer.modelDataUrl', primary['ModelDataUrl'], { pattern: /^(https|s3):\/\/([^/]+)\/?(.*)$/, maxLength: 1024 });
    }
    const tags = readTags(v, input['Tags']);
    v.throwIfAny();
    const name = input['ModelName'] as string;
    const arn = resourceArn(ctx, 'model', name);
    if (this.models.has(name.toLowerCase())) throw new AwsServiceError('ValidationException', `Cannot create already existing model "${arn}".`);
    const { Tags: _tags, ...request } = input;
    this.models.set(name.toLowerCase(), { name, arn, createdAt: ctx.now, request, tags });
    return { ModelArn: arn };
  }

  describe(input: JsonObject, ctx: OperationContext): JsonObject {
    return describeModelOutput(this.find(input, ctx));
  }

  delete(input: JsonObject, ctx: OperationContext): Record<string, never> {
    const model = this.find(input, ctx);
    this.models.delete(model.name.toLowerCase());
    return {};
  }

  /** The model named by ModelName, or the ValidationException SageMaker gives for a missing one. */
  private find(input: JsonObject, ctx: OperationContext): ModelRecord {
    const v = new Violations();
    v.string('modelName', input['ModelName'], { required: true, pattern: NAME_PATTERN });
    v.throwIfAny();
    const name = input['ModelName'] as string;
    const model = this.get(name);
    if (!model) throw new AwsServiceError('ValidationException', `Could not find model "${resourceArn(ctx, 'model', name)}".`);
    return model;
  }
}

export function describeModelOutput(model: ModelRecord): JsonObject {
  return {
    ModelName: model.name,
    ModelArn: model.arn,
    CreationTime: toEpochSeconds(model.createdAt),
    EnableNetworkIsolation: model.request['EnableNetworkIsolation'] ?? false,
    ...present(model.request, ['PrimaryContainer', 'Containers', 'InferenceExecutionConfig', 'ExecutionRoleArn', 'VpcConfig']),
  };
}

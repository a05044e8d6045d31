import { AwsServiceError, toEpochSeconds, type JsonObject } from '../protocol.ts';
import type { OperationContext } from '../registry.ts';
import { Violations } from '../validation.ts';
import type { Models } from './models.ts';
import { pageFor, type ListRow } from './pagination.ts';
import { present, readTags, resourceArn } from './resources.ts';
import type { Tag } from './training-jobs.ts';
import { NAME_PATTERN } from './validate-training-job.ts';

const INSTANCE_TYPE = /^ml\.[a-z0-9-]+\.[a-z0-9]+$/;

/** An endpoint configuration: the request as received, variant weights filled in. */
export interface EndpointConfigRecord {
  name: string;
  arn: string;
  createdAt: number;
  request: JsonObject;
  /** ProductionVariants of the request, with InitialVariantWeight defaulted to 1 as SageMaker does. */
  variants: JsonObject[];
  tags: Tag[];
}

/** The endpoint configurations of the emulated account. */
export class EndpointConfigs {
  private readonly configs = new Map<string, EndpointConfigRecord>();

  constructor(private readonly models: Models) {}

  get records(): EndpointConfigRecord[] {
    return [...this.configs.values()];
  }

  get(name: string): EndpointConfigRecord | undefined {
    return this.configs.get(name.toLowerCase());
  }

  reset(): void {
    this.configs.clear();
  }

  create(input: JsonObject, ctx: OperationContext): { EndpointConfigArn: string } {
    const v = new Violations();
    v.string('endpointConfigName', input['EndpointConfigName'], { required: true, pattern: NAME_PATTERN });
    const variants = v.array('productionVariants', input['ProductionVariants'], { max: 10 });
    if (!variants) v.required('productionVariants', input['ProductionVariants']);
    else if (variants.length === 0) v.add('productionVariants', variants, 'Member must have length greater than or equal to 1');
    variants?.forEach((variant, i) => {
      const path = `productionVariants.${i + 1}.member`;
      const p = v.object(path, variant, { required: true });
      if (!p) return;
      v.string(`${path}.variantName`, p['VariantName'], { required: true, pattern: NAME_PATTERN });
      v.string(`${path}.modelName`, p['ModelName'], { required: true, pattern: NAME_PATTERN });
      v.string(`${path}.instanceType`, p['InstanceType'], { pattern: INSTANCE_TYPE });
      v.integer(`${path}.initialInstanceCount`, p['InitialInstanceCount'], { min: 1 });
      if (p['InitialVariantWeight'] !== undefined && (typeof p['InitialVariantWeight'] !== 'number' || p['InitialVariantWeight'] < 0)) {
        v.add(`${path}.initialVariantWeight`, p['InitialVariantWeight'], 'Member must have value greater than or equal to 0');
      }
    });
    const tags = readTags(v, input['Tags']);
    v.throwIfAny();

    const name = input['EndpointConfigName'] as string;
    const arn = resourceArn(ctx, 'endpoint-config', name);
    if (this.configs.has(name.toLowerCase())) {
      throw new AwsServiceError('ValidationException', `Cannot create already existing endpoint configuration "${arn}".`);
    }
    const filled = (variants as JsonObject[]).map((p): JsonObject => ({ ...p, InitialVariantWeight: p['InitialVariantWeight'] ?? 1 }));
    for (const variant of filled) {
      const modelName = String(variant['ModelName']);
      if (!this.models.get(modelName)) throw new AwsServiceError('ValidationException', `Could not find model "${resourceArn(ctx, 'model', modelName)}".`);
    }
    const { Tags: _tags, ...request } = input;
    this.configs.set(name.toLowerCase(), { name, arn, createdAt: ctx.now, request, variants: filled, tags });
    return { EndpointConfigArn: arn };
  }

  describe(input: JsonObject, ctx: OperationContext): JsonObject {
    return describeEndpointConfigOutput(this.find(input, ctx));
  }

  delete(input: JsonObject, ctx: OperationContext): Record<string, never> {
    const config = this.find(input, ctx);
    this.configs.delete(config.name.toLowerCase());
    return {};
  }

  /** ListEndpointConfigs: newest first unless told otherwise. */
  list(input: JsonObject): JsonObject {
    const v = new Violations();
    v.integer('maxResults', input['MaxResults'], { min: 1, max: 100 });
    v.oneOf('sortBy', input['SortBy'], ['Name', 'CreationTime']);
    v.oneOf('sortOrder', input['SortOrder'], ['Ascending', 'Descending']);
    v.throwIfAny();
    const nameContains = (input['NameContains'] as string | undefined)?.toLowerCase();
    const rows: ListRow<JsonObject>[] = this.records
      .filter((c) => nameContains === undefined || c.name.toLowerCase().includes(nameContains))
      .map((c) => ({
        item: { EndpointConfigName: c.name, EndpointConfigArn: c.arn, CreationTime: toEpochSeconds(c.createdAt) },
        key: input['SortBy'] === 'Name' ? c.name : c.createdAt,
        name: c.name,
      }));
    const page = pageFor(rows, input);
    return { EndpointConfigs: page.items, ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
  }

  /** The config named by EndpointConfigName, or the ValidationException SageMaker gives for a missing one. */
  find(input: JsonObject, ctx: OperationContext): EndpointConfigRecord {
    const v = new Violations();
    v.string('endpointConfigName', input['EndpointConfigName'], { required: true, pattern: NAME_PATTERN });
    v.throwIfAny();
    const name = input['EndpointConfigName'] as string;
    const config = this.get(name);
    if (!config) throw new AwsServiceError('ValidationException', `Could not find endpoint configuration "${resourceArn(ctx, 'endpoint-config', name)}".`);
    return config;
  }
}

export function describeEndpointConfigOutput(config: EndpointConfigRecord): JsonObject {
  return {
    EndpointConfigName: config.name,
    EndpointConfigArn: config.arn,
    ProductionVariants: config.variants,
    CreationTime: toEpochSeconds(config.createdAt),
    ...present(config.request, ['DataCaptureConfig', 'KmsKeyId', 'AsyncInferenceConfig', 'ShadowProductionVariants', 'ExecutionRoleArn', 'EnableNetworkIsolation']),
  };
}

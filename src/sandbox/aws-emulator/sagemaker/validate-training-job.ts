import type { JsonObject } from '../protocol.ts';
import { Violations } from '../validation.ts';

/** SageMaker's pattern for training-job names (and most resource names). */
export const NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;
const S3_PATH = /^(https|s3):\/\/([^/]+)\/?(.*)$/;
const INSTANCE_TYPE = /^ml\.[a-z0-9-]+\.[a-z0-9]+$/;
const INPUT_MODES = ['Pipe', 'File', 'FastFile'] as const;
const S3_DATA_TYPES = ['ManifestFile', 'S3Prefix', 'AugmentedManifestFile', 'Converse'] as const;

/** Checks a CreateTrainingJob request as SageMaker does; throws one ValidationException listing every problem. */
export function validateCreateTrainingJob(input: JsonObject): void {
  const v = new Violations();
  v.string('trainingJobName', input['TrainingJobName'], { required: true, pattern: NAME_PATTERN });
  v.string('roleArn', input['RoleArn'], { required: true, pattern: ROLE_ARN, maxLength: 2048 });

  const algorithm = v.object('algorithmSpecification', input['AlgorithmSpecification'], { required: true });
  if (algorithm) {
    if (algorithm['TrainingImage'] === undefined && algorithm['AlgorithmName'] === undefined) {
      v.add('algorithmSpecification.trainingImage', null, 'Member must not be null');
    }
    v.string('algorithmSpecification.trainingImage', algorithm['TrainingImage'], { maxLength: 255 });
    v.oneOf('algorithmSpecification.trainingInputMode', algorithm['TrainingInputMode'], INPUT_MODES, { required: true });
    const definitions = v.array('algorithmSpecification.metricDefinitions', algorithm['MetricDefinitions'], { max: 40 });
    definitions?.forEach((definition, i) => {
      const d = v.object(`algorithmSpecification.metricDefinitions.${i + 1}.member`, definition, { required: true });
      if (d) {
        v.string(`algorithmSpecification.metricDefinitions.${i + 1}.member.name`, d['Name'], { required: true });
        v.string(`algorithmSpecification.metricDefinitions.${i + 1}.member.regex`, d['Regex'], { required: true });
      }
    });
  }

  const output = v.object('outputDataConfig', input['OutputDataConfig'], { required: true });
  if (output) v.string('outputDataConfig.s3OutputPath', output['S3OutputPath'], { required: true, pattern: S3_PATH });

  const resources = v.object('resourceConfig', input['ResourceConfig'], { required: true });
  if (resources && resources['InstanceGroups'] === undefined) {
    v.string('resourceConfig.instanceType', resources['InstanceType'], { required: true, pattern: INSTANCE_TYPE });
    v.integer('resourceConfig.instanceCount', resources['InstanceCount'], { required: true, min: 0 });
    v.integer('resourceConfig.volumeSizeInGB', resources['VolumeSizeInGB'], { min: 0 });
  }

  const stopping = v.object('stoppingCondition', input['StoppingCondition'], { required: true });
  if (stopping) v.integer('stoppingCondition.maxRuntimeInSeconds', stopping['MaxRuntimeInSeconds'], { min: 1 });

  const channels = v.array('inputDataConfig', input['InputDataConfig'], { max: 20 });
  channels?.forEach((channel, i) => {
    const path = `inputDataConfig.${i + 1}.member`;
    const c = v.object(path, channel, { required: true });
    if (!c) return;
    v.string(`${path}.channelName`, c['ChannelName'], { required: true, pattern: /^[A-Za-z0-9.\-_]+$/, maxLength: 64 });
    const source = v.object(`${path}.dataSource`, c['DataSource'], { required: true });
    const s3 = source ? v.object(`${path}.dataSource.s3DataSource`, source['S3DataSource']) : undefined;
    if (s3) {
      v.oneOf(`${path}.dataSource.s3DataSource.s3DataType`, s3['S3DataType'], S3_DATA_TYPES, { required: true });
      v.string(`${path}.dataSource.s3DataSource.s3Uri`, s3['S3Uri'], { required: true, pattern: S3_PATH });
    }
  });

  const hyperparameters = v.object('hyperParameters', input['HyperParameters']);
  if (hyperparameters) {
    const entries = Object.entries(hyperparameters);
    if (entries.length > 100) v.add('hyperParameters', hyperparameters, 'Map must have length less than or equal to 100');
    for (const [key, value] of entries) v.string(`hyperParameters.${key}`, value, { required: true, maxLength: 2500 });
  }

  const tags = v.array('tags', input['Tags'], { max: 50 });
  tags?.forEach((tag, i) => {
    const t = v.object(`tags.${i + 1}.member`, tag, { required: true });
    if (t) {
      v.string(`tags.${i + 1}.member.key`, t['Key'], { required: true, maxLength: 128 });
      v.string(`tags.${i + 1}.member.value`, t['Value'], { required: true, maxLength: 256 });
    }
  });
  v.throwIfAny();
}

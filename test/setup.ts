// Test-wide environment: the AWS SDK's standard credential chain finds these and never
// reaches for instance metadata, which does not exist on these machines.
process.env['AWS_ACCESS_KEY_ID'] ??= 'AKIDTESTTESTTEST';
process.env['AWS_SECRET_ACCESS_KEY'] ??= 'test-secret';
process.env['AWS_REGION'] ??= 'us-east-1';
process.env['AWS_EC2_METADATA_DISABLED'] = 'true';

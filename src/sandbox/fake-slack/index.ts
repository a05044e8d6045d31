export { DEFAULT_APP_TOKEN, DEFAULT_BOT_TOKEN, FakeSlack, startFakeSlack } from './fake-slack.ts';
export type { Fault } from './faults.ts';
export { FakeSocketMode, SOCKET_MODE_ACK_TIMEOUT_MS, type EnvelopeInput, type EnvelopeType, type RecordedEnvelope, type SocketAck, type SocketEnvelope } from './socket-mode.ts';
export { RESPONSE_URL_MAX_USES, RESPONSE_URL_TTL_MS, type ResponseUrlOptions } from './response-urls.ts';
export type {
  FakeEphemeral,
  FakeFile,
  FakeMessage,
  FakeSlackOptions,
  FakeUser,
  MessageMetadata,
  RecordedCall,
  RecordedResponse,
} from './types.ts';
export { LIMITS } from './validate.ts';

/** Outbox keys of the messages a training job owns: the ops message and its thread lines. */
export const trainingMessageKey = (name: string) => `train:${name}`;
export const trainingStateKey = (name: string, index: number, status: string) => `train:${name}:state:${index}:${status}`;

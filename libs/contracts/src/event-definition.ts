import { z } from 'zod';

export interface EventDefinition<S extends z.ZodTypeAny = z.ZodTypeAny> {
  type: string;
  version: number;
  topic: string;
  /** What the Kafka key (the aggregate id) is taken from. */
  keyField: string;
  description: string;
  payload: S;
}

export function defineEvent<S extends z.ZodTypeAny>(definition: EventDefinition<S>): EventDefinition<S> {
  return definition;
}

export type PayloadOf<D> = D extends EventDefinition<infer S> ? z.infer<S> : never;

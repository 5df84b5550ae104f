/** Global setup of the fault suite, first of all: refuse to run without the environment it needs. */
import { readFaultEnv } from './env';

export function setup(): void {
  readFaultEnv();
}

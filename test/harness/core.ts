/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * Lazy access to n8n-core and @n8n/di. Only types are imported statically (erased at compile
 * time), so requiring the harness sets the environment (env.ts) before n8n-core first loads.
 */
import './env';

import type * as DiModule from '@n8n/di';
import type * as CoreModule from 'n8n-core';

let coreModule: typeof CoreModule | undefined;
let diModule: typeof DiModule | undefined;

export function core(): typeof CoreModule {
	coreModule ??= require('n8n-core') as typeof CoreModule;
	return coreModule;
}

/** The DI container n8n-core resolves its services from (the same @n8n/di copy n8n-core uses). */
export function container(): typeof DiModule.Container {
	core();
	diModule ??= require('@n8n/di') as typeof DiModule;
	return diModule.Container;
}

/** Whether n8n-core has been loaded at all (shutdown has nothing to stop otherwise). */
export function coreLoaded(): boolean {
	return coreModule !== undefined;
}

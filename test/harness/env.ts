/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * The process environment n8n-core reads while it loads (its @n8n/config classes read env vars when
 * they are first built). This module must run before n8n-core is first required: index.ts imports
 * it first and only ever requires n8n-core lazily (see core.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh, throw-away n8n user folder for this jest worker's module registry. */
export const harnessUserFolder = mkdtempSync(join(tmpdir(), 'n8n-harness-'));

const env: Record<string, string> = {
	N8N_USER_FOLDER: harnessUserFolder,
	N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
	// HARNESS_LOG_LEVEL=debug shows what n8n-core logs, when a test needs looking into.
	N8N_LOG_LEVEL: process.env.HARNESS_LOG_LEVEL ?? 'silent',
	N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
};

// Forced, not defaulted: a developer's own N8N_USER_FOLDER or key must never be touched by tests.
Object.assign(process.env, env);
